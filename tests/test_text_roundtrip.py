"""Text that every output can carry: any Unicode text in a quote or a label (control characters
included) comes back from every RDF file equal, and every XML file (Word, GEXF, GraphML) is
well-formed and holds the text or its documented notation (``kg.graph.xml_safe``).

Property-based (Hypothesis) over the writers and over a record built by ``kg``'s own loader,
then the exact cases of the hostile-input report through the command line.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import XSD, Dataset, Literal, URIRef

from kg import network as net
from kg.adapters.unga import lit, typed
from kg.briefing.docx import render_docx
from kg.briefing.layout import Block, Doc, Section, SourceEntry
from kg.cli import cli
from kg.errors import RecordError
from kg.graph import FORMATS, LITERAL_ESCAPES, build_dataset_from, serialize, xml_safe

DATA = Path(__file__).resolve().parent.parent / "data"

OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RDFLIB_FORMATS = {
    "trig": "trig",
    "turtle": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "jsonld": "json-ld",
}
EXACT = "http://www.w3.org/ns/oa#exact"

SPECIAL = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF, 0xFFFE]]
SPECIAL += ['"', "\\", '"""', "'", "\r\n", "<", ">", "&", "]]>", "@en", "^^", " .", "\uffff"]
TEXT = st.lists(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIAL)),
    min_size=1,
    max_size=24,
).map("".join)
"""Any text without surrogates, with control characters and syntax of every format favoured."""

FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# ------------------------------------------------------------------------ helpers


def parse_both(data: bytes, fmt: str) -> list[tuple[list[str], list[str]]]:
    """(predicate IRI, literal value) of every literal, read by pyoxigraph and by rdflib."""
    by_ox = sorted(
        (q.predicate.value, q.object.value)
        for q in ox.parse(data, format=OX_FORMATS[fmt])
        if isinstance(q.object, ox.Literal)
    )
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    by_rdflib = sorted(
        (str(p), str(o))
        for _, p, o, _ in ds.quads((None, None, None, None))
        if isinstance(o, Literal)
    )
    return [by_ox, by_rdflib]


def lines_are_statements(data: bytes) -> bool:
    """No character a line-based reader takes for a line end is left raw in the file."""
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines == text.splitlines() and "\r" not in text


def expected_in_xml(text: str) -> str:
    return xml_safe(text)


def expected_in_word(text: str) -> str:
    """Word has no CR in text: python-docx writes a line break for it and reads it as LF."""
    return xml_safe(text).replace("\r", "\n")


# ------------------------------------------------------------------------ RDF writers


@FAST
@given(quote=TEXT, label=TEXT)
def test_rdf_writers_round_trip_any_text(quote: str, label: str) -> None:
    ds = Dataset()
    g = ds.graph(URIRef("https://example.org/graph/g"))
    s = URIRef("https://example.org/s")
    g.add((s, URIRef(EXACT), Literal(quote)))
    g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label, lang="en")))
    g.add((s, URIRef("http://purl.org/dc/terms/title"), Literal(label, datatype=XSD.string)))
    want = sorted(
        [
            (EXACT, quote),
            ("http://www.w3.org/2000/01/rdf-schema#label", label),
            ("http://purl.org/dc/terms/title", label),
        ]
    )
    for fmt in FORMATS:
        data = serialize(ds, fmt)
        for got in parse_both(data, fmt):
            assert got == want, fmt
        if fmt != "jsonld":
            assert lines_are_statements(data), fmt


@FAST
@given(text=TEXT)
def test_unga_nquads_literals_round_trip_any_text(text: str) -> None:
    g = " <https://example.org/graph/g> .\n"
    data = (
        f"<https://example.org/s> <{EXACT}> {lit(text)}{g}"
        f"<https://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> {lit(text, 'en')}{g}"
        f"<https://example.org/s> <http://purl.org/dc/terms/title> {typed(text, 'string')}{g}"
    ).encode()
    assert lines_are_statements(data)
    for got in parse_both(data, "nq"):
        assert [value for _, value in got] == [text] * 3


@pytest.fixture(scope="module")
def record_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the real reference data and no meeting yet."""
    target = tmp_path_factory.mktemp("text") / "data"
    (target / "meetings").mkdir(parents=True)
    (target / "sources").mkdir()
    shutil.copytree(DATA / "reference", target / "reference")
    return target


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that any reader takes back exactly."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append(f"\\U{ord(c):08X}")
    return '"' + "".join(out) + '"'


PREFIX = "Opening line.\nCN said: "


def write_record(data_dir: Path, quote: str, label: str = "Text meeting") -> None:
    """A source holding ``quote`` verbatim and one meeting record citing it."""
    (data_dir / "sources" / "text-source.txt").write_bytes(
        (PREFIX + quote + "\nEnd of report.\n").encode("utf-8")
    )
    (data_dir / "meetings" / "text-2021.yaml").write_text(
        f"""status: reviewed
source:
  id: text-source
  language: en
meeting:
  id: text-2021
  forum: desg
  label: {{en: {yaml_string(label)}, zh-Hant: 測試會議}}
  date: "2021-09"
  attendees: [CN, US]
statements:
  - id: cn-supports
    holder: CN
    stance: supports
    target: tor-subsidiary-bodies
    quote: {yaml_string(quote)}
    start: {len(PREFIX)}
""",
        encoding="utf-8",
    )


@settings(FAST, max_examples=20)  # a build reads the reference data and ontology (0.3 s)
@given(quote=TEXT)
def test_a_record_quote_round_trips_through_the_build(record_data: Path, quote: str) -> None:
    write_record(record_data, quote)
    try:
        full = build_dataset_from(record_data)
    except RecordError as exc:  # a quote the record rules refuse (e.g. only blanks)
        assume(False)
        raise AssertionError from exc
    ds = Dataset()
    for s, p, o, g in full.quads((None, None, None, None)):
        ident = getattr(g, "identifier", g)
        if str(ident).endswith("/graph/text-source"):
            ds.graph(ident).add((s, p, o))
    assert len(ds)
    for fmt in FORMATS:
        for got in parse_both(serialize(ds, fmt), fmt):
            assert [value for p, value in got if p == EXACT] == [quote], fmt


# ------------------------------------------------------------------------ XML writers


def brief_of(label: str, quote: str) -> Doc:
    return Doc(
        lang="en",
        kind="issue",
        title=label,
        subtitle="Positions",
        meta=[("Quote", quote)],
        sections=[
            Section(
                label,
                blocks=[
                    Block("p", text=quote),
                    Block("ul", items=[label, quote]),
                    Block("table", header=["Holder", "Quote"], rows=[[label, quote]]),
                ],
            )
        ],
        sources=[SourceEntry(1, "m", "1", quote, "", "f.txt", "0–1", line=quote)],
        sources_heading="Sources",
        date="2021-09",
    )


def assert_xml_parts_well_formed(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(z.read(name))  # strict: raises on any invalid character


@settings(FAST, max_examples=40)  # python-docx opens its template each time (0.15 s)
@given(quote=TEXT, label=TEXT)
def test_word_brief_is_valid_and_holds_any_text(quote: str, label: str) -> None:
    import docx

    data = render_docx(brief_of(label, quote))
    assert_xml_parts_well_formed(data)
    word = docx.Document(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    q, lab = expected_in_word(quote), expected_in_word(label)
    assert texts[0] == lab and texts[1] == "Positions"
    assert texts[2] == "Quote: " + q
    assert texts[3:7] == [lab, q, lab, q]
    assert texts[-1] == f"[1] {q}"
    cells = [c.text for row in word.tables[0].rows for c in row.cells]
    assert cells == ["Holder", "Quote", lab, q]
    assert word.core_properties.title == expected_in_xml(label)


@FAST
@given(quote=TEXT, label=TEXT)
def test_network_exports_are_valid_and_hold_any_text(quote: str, label: str) -> None:
    g = nx.MultiDiGraph()
    for key in ("economy/CN", "issue/x"):
        g.add_node(key, kind=key.split("/")[0], ident=key, label=label, label_en=label)
    g.add_edge("economy/CN", "issue/x", key="statement/s", relation="position", quote=quote)
    for fmt in ("gexf", "graphml"):
        data = net.export(g, fmt)
        etree.fromstring(data)  # strict XML 1.0
        stream = io.BytesIO(data)
        back = nx.read_gexf(stream) if fmt == "gexf" else nx.read_graphml(stream)
        assert back.nodes["economy/CN"]["label_en"] == expected_in_xml(label), fmt
        (edge,) = [d for _, _, d in back.edges(data=True)]
        assert edge["quote"] == expected_in_xml(quote), fmt


def test_xml_notation_is_the_ntriples_escape() -> None:
    for c in "\x00\x01\x08\x0b\x0c\x1b\x1f":
        assert xml_safe(f"a{c}b") == "a" + LITERAL_ESCAPES[c] + "b"
    assert xml_safe("tab\tlf\ncr\rdel\x7fnel\x85ls\u2028") == "tab\tlf\ncr\rdel\x7fnel\x85ls\u2028"


# ------------------------------------------------------------------------ the reported cases

VT_FF_LS_NEL = "odd\x0btext\x0c here\u2028and\x85there end."
NUL_ESC_DEL = "a quote\x00with\x1b[2J\x1b]0;title\x07and\x7fdel"


@pytest.fixture
def hostile(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``(quote) -> global CLI args`` over a data folder whose one record cites ``quote``."""

    def make(quote: str) -> list[str]:
        data = tmp_path / "data"
        (data / "meetings").mkdir(parents=True)
        (data / "sources").mkdir()
        shutil.copytree(DATA / "reference", data / "reference")
        write_record(data, quote)
        return ["--data", str(data), "--build-dir", str(tmp_path / "build"), "--quiet"]

    return make


def test_vt_ff_ls_nel_in_a_quote_build_files_every_parser_reads(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = hostile(VT_FF_LS_NEL)
    runner = CliRunner()
    assert runner.invoke(cli, [*args, "validate"]).exit_code == 0
    for fmt in FORMATS:
        result = runner.invoke(cli, [*args, "build", "-f", fmt], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        data = (tmp_path / "build" / FORMATS[fmt][0]).read_bytes()
        for got in parse_both(data, fmt):
            assert [v for p, v in got if p == EXACT] == [VT_FF_LS_NEL], fmt
        if fmt != "jsonld":
            assert lines_are_statements(data), fmt
    assert (
        b"odd\\u000Btext\\u000C here\\u2028and\\u0085there"
        in (tmp_path / "build" / "graph.trig").read_bytes()
    )
    result = runner.invoke(
        cli, [*args, "query", "positions_on_issue", "-p", "issue=tor-subsidiary-bodies"]
    )
    assert result.exit_code == 0 and "cn-supports" in result.output


def test_nul_esc_del_in_a_quote_give_a_valid_word_brief(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    args = hostile(NUL_ESC_DEL)
    out = tmp_path / "brief.docx"
    result = CliRunner().invoke(
        cli,
        [*args, "brief", "issue", "tor-subsidiary-bodies", "-f", "docx", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert_xml_parts_well_formed(data)
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    assert "a quote\\u0000with\\u001B[2J\\u001B]0;title\\u0007and\x7fdel" in text


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_nul_esc_del_in_a_quote_give_a_valid_network_export(
    hostile, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    args = hostile(NUL_ESC_DEL)
    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(
        cli, [*args, "network", "export", "--format", fmt, "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    etree.parse(str(out))
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    quotes = [d["quote"] for _, _, d in back.edges(data=True) if "quote" in d]
    assert quotes == [xml_safe(NUL_ESC_DEL)]
