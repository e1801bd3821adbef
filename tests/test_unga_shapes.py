"""The UN votes importer writes the same model the records build: its graphs pass the shapes."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unga"


def test_imported_votes_conform_to_the_shapes(tmp_path: Path, data_dir: Path) -> None:
    """pySHACL on the ontology, the reference data and the three imported graphs: no violation
    (and the check is real: one vote without its stance is found)."""
    from kg.adapters.unga import import_unga, read_economy_codes
    from kg.build import build_dataset, load_ontology
    from kg.records import load_corpus
    from kg.validate import shacl_violations

    report = import_unga(FIXTURE, tmp_path, None, read_economy_codes(data_dir / "reference"))
    assert report.votes > 0
    ds = Dataset(default_union=True)
    for g in report.graphs:
        ds.parse(str(g.path), format="nquads")
    graph = Graph()
    for triple in ds.triples((None, None, None)):
        graph.add(triple)
    imported = len(graph)
    for s, p, o, _ in build_dataset(load_corpus(data_dir), with_ontology=False).quads():
        graph.add((s, p, o))  # the records and the reference data: the states the votes name
    graph += load_ontology()
    assert shacl_violations(graph) == []

    from kg.namespaces import KG

    position = next(graph.subjects(KG.stance, None))
    graph.remove((position, KG.stance, None))
    found = shacl_violations(graph)
    assert imported > 100
    assert [v.focus for v in found] == [str(position)]
