"""Named, parameterised SPARQL queries: one ``.rq`` file each, shipped as package data.

A query file starts with a header of comments::

    # Title: Positions on an issue
    # Question: Who took which stance on issue X (its sub-issues and proposals included)?
    # Param: issue issue  -- the issue id, e.g. tor-subsidiary-bodies
    # Order: meeting date, then report order

The header is the run of comment (and blank) lines before the first line of SPARQL; fields are
read there only, and any other comment in it (an example ``# SELECT ?x WHERE { … }``) is prose.
``Param`` lines declare the query's parameters, and nothing else does: the variable name, its
type (``economy``, ``holder``, ``issue``, ``meeting``, ``proposal``, ``target``, ``forum``,
``stance``, ``person``, ``string``, ``integer``), optionally ``= DEFAULT`` (a user string, used
when the parameter is not given) and a help text::

    # Param: limit integer = 10 -- at most this many rows

A parameter without a default must be given to :func:`run`; one that is not declared is refused
by :func:`run` and :func:`select`. Parameters are bound as RDF terms by the store (a one-row
``VALUES`` block opening each ``WHERE`` of the query's code — not a ``WHERE {`` in a comment,
literal or IRI — for Oxigraph and remote servers, ``initBindings`` in rdflib); they are never
pasted into query text.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from kg.errors import QueryError, UnknownEntity
from kg.iris import short_id
from kg.store import LANG_ZH, Result, Store, Value, sparql_term
from kg.store.guard import blanked

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = "https://w3id.org/meetkg/def#"

ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "economy": ("Economy",),
    "holder": ("Economy", "State", "Organisation", "Forum", "Post", "UnnamedHolder"),
    "issue": ("Issue",),
    "meeting": ("Meeting",),
    "proposal": ("Proposal",),
    "target": ("Issue", "Proposal", "Document"),
    "forum": ("Forum",),
    "stance": ("Stance",),
    "person": (),
}
"""Parameter type → ontology classes an id of that type must have."""

LITERAL_TYPES = {"string": XSD + "string", "integer": XSD + "integer"}


@dataclass(frozen=True)
class Param:
    """A parameter as its query's header declares it."""

    name: str
    type: str
    """Entity kind (a key of :data:`ENTITY_TYPES`) or literal type (of :data:`LITERAL_TYPES`)."""
    help: str
    default: str | None = None
    """A user string bound when the parameter is not given; None: the parameter is required."""


@dataclass(frozen=True)
class NamedQuery:
    """A packaged query with its header parsed."""

    name: str
    title: str
    question: str
    order: str
    params: tuple[Param, ...]
    text: str
    labels: tuple[str, ...] = ()
    """Variables whose ``_en``/``_zh`` columns :func:`run` fills from ``rdfs:label``."""


_HEADER = re.compile(r"^#\s*(Title|Question|Param|Order|Labels):\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s+(\w+)\s*(?:=\s*(.*?)\s*)?$")


def available() -> list[str]:
    """Names of every packaged query, sorted."""
    root = resources.files(__package__)
    return sorted(
        f.name[:-3] for f in root.iterdir() if f.name.endswith(".rq") and not f.name.startswith("_")
    )


@functools.cache
def load(name: str) -> NamedQuery:
    """Return the named query.

    Raises:
        QueryError: no such query (the message lists close names).
    """
    names = available()
    if name not in names and not (
        name.startswith("_") and resources.files(__package__).joinpath(f"{name}.rq").is_file()
    ):
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
        hint = f" Did you mean {', '.join(close)}?" if close else " Run `kg query --list`."
        raise QueryError(f"Unknown query {name!r}.{hint}")
    text = resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    return parse(name, text)


def header(text: str) -> list[str]:
    """The header of a query: its leading comment lines, up to the first line of SPARQL."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if stripped:
            lines.append(stripped)
    return lines


def parse(name: str, text: str) -> NamedQuery:
    """Read a query's header (see the module docstring).

    Raises:
        QueryError: a malformed ``Param`` line, a parameter declared twice, or one the query's
            code never uses.
    """
    fields: dict[str, list[str]] = {
        "Title": [],
        "Question": [],
        "Param": [],
        "Order": [],
        "Labels": [],
    }
    for line in header(text):
        match = _HEADER.match(line)
        if match:
            fields[match.group(1)].append(match.group(2).strip())
    code = blanked(text)
    params: list[Param] = []
    for spec in fields["Param"]:
        head, _, help_text = spec.partition("--")
        match = _PARAM.match(head.strip())
        if not match or (match[2] not in ENTITY_TYPES and match[2] not in LITERAL_TYPES):
            raise QueryError(
                f"{name}.rq: bad Param line {spec!r}; expected 'NAME TYPE [= DEFAULT] -- help'"
            )
        param = Param(match[1], match[2], help_text.strip(), match[3])
        if any(p.name == param.name for p in params):
            raise QueryError(f"{name}.rq: parameter {param.name!r} is declared twice")
        if not re.search(rf"[?$]{param.name}\b", code):
            raise QueryError(f"{name}.rq: parameter {param.name!r} is not a variable of the query")
        params.append(param)
    return NamedQuery(
        name,
        " ".join(fields["Title"]) or name,
        " ".join(fields["Question"]),
        " ".join(fields["Order"]),
        tuple(params),
        text,
        tuple(" ".join(f.partition("--")[0] for f in fields["Labels"]).split()),
    )


def resolve_id(store: Store, kind: str, raw: str, where: str = "") -> Value:
    """Turn a user-given id (``RU``, ``tor-sunset-clause``, ``Russia``, ``俄羅斯``) into an IRI.

    Ids are matched exactly, then upper-cased (economy codes) or lower-cased (slugs such as
    ``DESG``); then labels and aliases.

    Raises:
        UnknownEntity: nothing of that kind has that id or name (close ids suggested).
    """
    classes = {KG + c for c in ENTITY_TYPES[kind]}
    # economy codes are upper case, every other id a lower-case slug (`--forum DESG`)
    candidates = [raw, raw.upper()] if kind in ("economy", "holder") else [raw]
    candidates += [] if raw.lower() in candidates else [raw.lower()]
    for candidate in candidates:
        found = select(
            store, "_resolve_id", {"id": Value("literal", candidate, "", XSD + "string")}
        )
        hits = {row["s"] for row in found if not classes or row["type"].value in classes}
        if len(hits) == 1:
            return hits.pop()
    wanted = raw.casefold()
    named = {}
    for row in store.select(load("_resolve_label").text):
        if row["type"].value in classes and row["name"].value.casefold() == wanted:
            named[row["s"].value] = row["s"]
    if len(named) == 1:
        return next(iter(named.values()))
    known = sorted(
        {
            row["id"].value
            for row in store.select(load("_resolve_id").text)
            if row["type"].value in classes
        }
    )
    error = UnknownEntity(kind, raw, known, where)
    if not error.suggestions:  # a misspelt name: suggest the ids of the closest names
        ids = {
            row["s"].value: row["id"].value
            for row in store.select(load("_resolve_id").text)
            if row["type"].value in classes
        }
        names = {
            row["name"].value: ids[row["s"].value]
            for row in store.select(load("_resolve_label").text)
            if row["s"].value in ids
        }
        close = difflib.get_close_matches(raw, list(names), n=3, cutoff=0.6)
        if close:
            error = UnknownEntity(kind, raw, [names[c] for c in close], where)
            error.args = (
                f"{where}: Unknown {kind} {raw!r}. Did you mean {', '.join(repr(names[c]) + ' (' + c + ')' for c in close)}?",
            )
    raise error


def check_names(query: NamedQuery, given: Iterable[str]) -> None:
    """Refuse parameters the query's header does not declare.

    Raises:
        QueryError: names the query and its declared parameters.
    """
    declared = [p.name for p in query.params]
    unknown = sorted(set(given) - set(declared))
    if unknown:
        expected = ", ".join(declared) or "none"
        raise QueryError(
            f"Query {query.name!r} has no parameter {unknown[0]!r} (parameters: {expected})."
        )


def bind(store: Store, query: NamedQuery, raw: dict[str, str]) -> dict[str, Value]:
    """Check user parameters against the query header and resolve them to RDF terms.

    A declared parameter that is not given takes its default, if the header gives one.

    Raises:
        QueryError: unknown or missing parameter, or a value of the wrong type.
        UnknownEntity: an id that names nothing of the parameter's type.
    """
    check_names(query, raw)
    raw = {
        **{p.name: p.default for p in query.params if p.default is not None},
        **raw,
    }
    missing = [p.name for p in query.params if p.name not in raw]
    if missing:
        example = " ".join(f"-p {p.name}=…" for p in query.params)
        raise QueryError(f"Query {query.name!r} needs parameter {missing[0]!r}: {example}")
    declared = {p.name: p for p in query.params}
    bindings: dict[str, Value] = {}
    for name, text in raw.items():
        param = declared[name]
        if param.type == "integer":
            if not re.fullmatch(r"-?\d+", text.strip()):
                raise QueryError(
                    f"Parameter {name!r} of {query.name!r} must be an integer, not {text!r}."
                )
            bindings[name] = Value("literal", str(int(text)), "", XSD + "integer")
        elif param.type == "string":
            bindings[name] = Value("literal", text, "", XSD + "string")
        else:
            bindings[name] = resolve_id(
                store, param.type, text, f"parameter {name} of {query.name}"
            )
    return bindings


def select(
    store: Store, query: str | NamedQuery, bindings: dict[str, Value] | None = None
) -> Result:
    """Run a named query (or a parsed one) with already-resolved bindings; label columns filled
    (``# Labels:``). Parameters left out stay unbound.

    Raises:
        QueryError: a binding the query does not declare.
    """
    named = load(query) if isinstance(query, str) else query
    check_names(named, bindings or {})
    result = store.select(named.text, bindings or None)
    return with_labels(store, result, named.labels) if named.labels else result


def run(store: Store, query: str | NamedQuery, **params: str) -> Result:
    """Run a named query (or a parsed one) with parameters given as user strings (ids, names,
    numbers).

    Bound parameters are projected by every query (so that every store returns them alike) but
    are constant, so they are dropped from the result.
    """
    named = load(query) if isinstance(query, str) else query
    result = select(store, named, bind(store, named, params))
    names = {p.name for p in named.params}
    if not names:
        return result
    variables = tuple(v for v in result.variables if v not in names)
    rows = tuple({k: v for k, v in row.items() if k not in names} for row in result.rows)
    return Result(variables, rows, result.boolean)


LABEL_LANGS = {"en": "en", "zh": LANG_ZH}
_LABELS = """SELECT ?e ?l WHERE {{ VALUES ?e {{ {} }} ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"""


def with_labels(store: Store, result: Result, variables: tuple[str, ...]) -> Result:
    """Fill the ``<var>_en`` and ``<var>_zh`` columns of ``result`` with each entity's label.

    Queries that name variables in a ``# Labels:`` header leave these columns unbound and
    get them here, from one lookup per 500 entities. In SPARQL the same columns cost a
    left join on every label of the graph (Oxigraph builds it as a table: 13 k labels and
    about a second on the full UN vote set) instead of a lookup per row. Where an entity
    has several labels in one language, the smallest is taken.
    """
    wanted = [(v, s) for v in variables for s in LABEL_LANGS if f"{v}_{s}" in result.variables]
    iris = sorted(
        {
            row[v].value
            for row in result.rows
            for v, _ in wanted
            if v in row and row[v].kind == "iri"
        }
    )
    found: dict[tuple[str, str], str] = {}
    for i in range(0, len(iris), 500):
        terms = " ".join(sparql_term(Value("iri", e)) for e in iris[i : i + 500])
        for row in store.select(_LABELS.format(terms)):
            for suffix, lang in LABEL_LANGS.items():
                if row["l"].lang.lower() == lang.lower():
                    key = (row["e"].value, suffix)
                    if key not in found or row["l"].value < found[key]:
                        found[key] = row["l"].value
    rows = []
    for row in result.rows:
        row = dict(row)
        for v, suffix in wanted:
            text = found.get((row[v].value, suffix)) if v in row else None
            if text is not None:
                row[f"{v}_{suffix}"] = Value("literal", text, LABEL_LANGS[suffix], "")
        rows.append(row)
    return Result(result.variables, tuple(rows), result.boolean)


def plain_rows(result: Result) -> list[dict[str, object]]:
    """Rows as JSON-ready dicts: IRIs of minted entities become short ids, literals Python values."""
    rows = []
    for row in result:
        rows.append({var: _plain(row[var]) if var in row else None for var in result.variables})
    return rows


def _plain(value: Value) -> object:
    if value.kind == "iri":
        return short_id(value.value)
    return value.python
