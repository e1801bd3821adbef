"""Validation of the built graph: SHACL shapes, verbatim evidence, resolvable references.

The only module that imports pySHACL. ``validate`` never raises for non-conformant data; it
returns a ``ValidationReport`` the CLI prints (exit 1 when it does not conform). Problems in
the YAML itself surface earlier, as ``RecordError`` with file and line, from ``kg.records``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.build import build_dataset, load_shapes
from kg.iris import short_id
from kg.namespaces import KG, OA
from kg.records import Corpus, load_corpus


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: severity, focus node, path, human message, shape."""

    severity: str
    focus: str
    path: str
    message: str
    shape: str

    def line(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {short_id(self.focus)}{path}: {self.message} [{short_id(self.shape)}]"


@dataclass
class ValidationReport:
    """What ``kg validate`` found."""

    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    records: list[tuple[str, str]] = field(default_factory=list)
    """(meeting record file, status) — drafts are reported separately."""
    quotes_checked: int = 0

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    @property
    def drafts(self) -> list[str]:
        return [path for path, status in self.records if status == "draft"]

    def text(self) -> str:
        lines = [v.line() for v in sorted(self.violations)]
        verdict = "conforms" if self.conforms else "does NOT conform"
        errors = sum(v.severity == "Violation" for v in self.violations)
        warnings = len(self.violations) - errors
        lines.append(
            f"Graph of {self.triples:,} triples {verdict}: {errors} violation(s), {warnings} warning(s); "
            f"{self.quotes_checked} quotes verbatim at their offsets; {len(self.records)} meeting record(s)."
        )
        for path in self.drafts:
            lines.append(f"Draft (not yet reviewed): {path}")
        return "\n".join(lines) + "\n"


def validate(data_dir: Path, only: Iterable[Path] | None = None) -> ValidationReport:
    """Load ``data_dir`` (raising on malformed records), build the graph and check it."""
    corpus = load_corpus(data_dir, only)
    return validate_corpus(corpus)


def validate_corpus(corpus: Corpus) -> ValidationReport:
    ds = build_dataset(corpus)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    report = ValidationReport(triples=len(union), violations=shacl_violations(union))
    texts = {r.source.id: r.source.text for r in corpus.meetings}
    report.quotes_checked = _check_quotes(union, texts, report)
    report.records = [(r.display, str(r.data.get("status", "reviewed"))) for r in corpus.meetings]
    return report


def shacl_violations(graph: Graph) -> list[Violation]:
    """Run the packaged shapes on ``graph`` (which must include the ontology) with pySHACL.

    No inference is needed: SHACL targets and ``sh:class`` already follow rdfs:subClassOf
    in the data graph, where the ontology is.
    """
    import pyshacl

    shapes = load_shapes()
    _, results_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    found = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        severity = results_graph.value(result, SH.resultSeverity)
        path = results_graph.value(result, SH.resultPath)
        found.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1],
                focus=str(results_graph.value(result, SH.focusNode)),
                path=_path_text(path),
                message=str(results_graph.value(result, SH.resultMessage) or ""),
                shape=_shape_name(results_graph, result, shapes),
            )
        )
    return found


def _shape_name(results: Graph, result: Node, shapes: Graph) -> str:
    # Property constraints are blank nodes: report the node shape that owns them instead.
    shape = results.value(result, SH.sourceShape)
    if isinstance(shape, URIRef):
        return str(shape)
    owner = shapes.value(predicate=SH.property, object=shape)
    return str(owner) if owner is not None else ""


def _path_text(path: object) -> str:
    if isinstance(path, URIRef):
        return short_id(str(path)).rsplit("#", 1)[-1]
    return ""


def _check_quotes(graph: Graph, texts: dict[str, str], report: ValidationReport) -> int:
    """Re-check, on the graph itself, that every quote equals the source at its offsets."""
    checked = 0
    for subject, evidence in graph.subject_objects(KG.evidence):
        source = graph.value(evidence, OA.hasSource)
        source_id = short_id(str(source))
        exact = start = end = None
        for selector in graph.objects(evidence, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                exact = graph.value(selector, OA.exact)
            else:
                start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        text = texts.get(source_id)
        checked += 1
        if text is None or exact is None or start is None or end is None:
            report.violations.append(
                Violation(
                    "Violation",
                    str(subject),
                    "evidence",
                    "evidence is incomplete or its source is not loaded",
                    "kg:evidence",
                )
            )
        elif text[int(str(start)) : int(str(end))] != str(exact):
            report.violations.append(
                Violation(
                    "Violation",
                    str(subject),
                    "evidence",
                    f"quote is not verbatim at {source_id}[{start}:{end}]",
                    "kg:evidence",
                )
            )
    return checked
