"""Records → RDF: named graphs, evidence selectors, deterministic bytes in every format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.build import REFERENCE_GRAPH, build_dataset, source_graph
from kg.graph import FORMATS, compiled_nquads, serialize
from kg.namespaces import KG, OA
from kg.records import load_corpus

ID = "https://w3id.org/meetkg/id/"


@pytest.fixture
def mini_ds(mini_data: Path) -> Dataset:
    return build_dataset(load_corpus(mini_data))


def test_one_named_graph_per_source(mini_ds: Dataset) -> None:
    graphs = {str(g.identifier) for g in mini_ds.graphs() if len(g)}
    assert {
        ID + "graph/ontology",
        ID + "graph/reference",
        ID + "graph/000_c517f4e9d3fbb5d0",
    } <= graphs
    meeting = mini_ds.graph(source_graph("000_c517f4e9d3fbb5d0"))
    position = URIRef(ID + "statement/mini-2021/cl-opposes")
    assert (position, RDF.type, KG.Position) in meeting
    assert (position, KG.holder, URIRef(ID + "economy/CL")) in meeting
    assert (position, KG.stance, URIRef(ID + "stance/opposes")) in meeting
    assert (position, KG.target, URIRef(ID + "proposal/mini-cn-name-dps")) in meeting
    assert (position, KG.respondsTo, URIRef(ID + "statement/mini-2021/cn-proposes")) in meeting
    reference = mini_ds.graph(REFERENCE_GRAPH)
    assert (URIRef(ID + "economy/TW"), KG.iso3, Literal("TWN")) in reference


def test_evidence_is_a_web_annotation_with_exact_offsets(mini_ds: Dataset) -> None:
    g = mini_ds.graph(source_graph("000_c517f4e9d3fbb5d0"))
    ev = URIRef(ID + "statement/mini-2021/cl-opposes/evidence")
    assert (ev, OA.hasSource, URIRef(ID + "source/000_c517f4e9d3fbb5d0")) in g
    quote = g.value(URIRef(f"{ev}/quote"), OA.exact)
    assert str(quote) == "智利反對中國之建議" and quote.language == "zh-Hant"
    assert int(g.value(URIRef(f"{ev}/position"), OA.start)) == 1763
    assert int(g.value(URIRef(f"{ev}/position"), OA.end)) == 1772


def test_unnamed_member_stays_unnamed(mini_ds: Dataset) -> None:
    g = mini_ds.graph(source_graph("000_c517f4e9d3fbb5d0"))
    holder = URIRef(ID + "unnamed/mini-2021/members-oppose")
    assert (holder, RDF.type, KG.UnnamedHolder) in g
    assert str(g.value(holder, KG.plurality)) == "one-or-more"
    assert not list(g.triples((holder, KG.speaksFor, None)))


def test_dates_keep_their_precision(mini_ds: Dataset) -> None:
    g = mini_ds.graph(source_graph("000_c517f4e9d3fbb5d0"))
    date = g.value(URIRef(ID + "meeting/mini-2021"), URIRef("http://purl.org/dc/terms/date"))
    assert str(date) == "2021-08"
    assert str(date.datatype).endswith("#gYearMonth")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_deterministic_across_processes(
    mini_data: Path, tmp_path: Path, fmt: str
) -> None:
    outputs = []
    for run in range(2):
        out = tmp_path / f"build{run}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "--data",
                str(mini_data),
                "--build-dir",
                str(out),
                "-q",
                "build",
                "-f",
                fmt,
            ],
            check=True,
            capture_output=True,
            env={"PYTHONHASHSEED": str(run + 1), "PATH": ""},
        )
        outputs.append((out / FORMATS[fmt][0]).read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_formats_hold_the_same_graph(mini_ds: Dataset) -> None:
    union = Graph()
    for s, p, o, _ in mini_ds.quads((None, None, None, None)):
        union.add((s, p, o))
    for fmt, parse_as in (("turtle", "turtle"), ("nt", "nt")):
        g = Graph().parse(data=serialize(mini_ds, fmt).decode("utf-8"), format=parse_as)
        assert isomorphic(g, union), fmt
    trig = Dataset().parse(data=serialize(mini_ds, "trig").decode("utf-8"), format="trig")
    graphs = [
        str(getattr(g, "identifier", g)) for _, _, _, g in trig.quads((None, None, None, None))
    ]
    assert not [g for g in graphs if g.startswith("urn:x-rdflib:")]  # all in named graphs
    assert len(graphs) == len(union)
    doc = json.loads(serialize(mini_ds, "jsonld"))
    assert "@context" in doc or isinstance(doc, list)


def test_compiled_cache_is_rebuilt_when_an_input_changes(mini_data: Path, tmp_path: Path) -> None:
    first = compiled_nquads(mini_data, tmp_path)
    assert compiled_nquads(mini_data, tmp_path) == first
    record = mini_data / "meetings" / "mini-2021.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("Mini meeting", "Small meeting"),
        encoding="utf-8",
    )
    second = compiled_nquads(mini_data, tmp_path)
    assert second != first and not first.exists()
    assert "Small meeting" in second.read_text(encoding="utf-8")


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    from kg.build import _parse_turtle
    from kg.errors import RecordError

    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \n", encoding="utf-8"
    )
    with pytest.raises(RecordError) as err:
        _parse_turtle(Graph(), bad)
    assert str(err.value).startswith("ontology/bad.ttl:")
    assert "invalid Turtle" in str(err.value)
