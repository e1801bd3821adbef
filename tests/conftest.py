"""Shared fixtures: the repository's data, a store over the seed meeting, a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED_SOURCE = "000_c517f4e9d3fbb5d0"
SEED_MEETING = "desg-2021-08"
SNAPSHOTS = Path(__file__).resolve().parent / "__snapshots__"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The repository's own ``data/`` (read-only: copy it before changing anything)."""
    return DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/`` for tests that break or extend records."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def seed_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed graph compiled once per test session."""
    from kg.graph import compiled_nquads

    return compiled_nquads(DATA, tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def store(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """The default embedded store (Oxigraph in memory) over the seed graph."""
    from kg.store.memory import OxigraphStore

    return OxigraphStore.from_nquads(seed_nquads)


@pytest.fixture(scope="session")
def rdflib_store(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """rdflib's own engine over the same graph (the reference implementation)."""
    from kg.store.memory import RdflibStore

    return RdflibStore.from_nquads(seed_nquads)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kg_args(tmp_path: Path) -> list[str]:
    """Global options pointing the CLI at the repository data and a throwaway build folder."""
    return ["--data", str(DATA), "--build-dir", str(tmp_path / "build"), "--quiet"]


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A small data folder: the real reference data and seed source, a fixture issue
    registry and one small meeting record (``meetings/mini-2021.yaml``)."""
    target = tmp_path / "mini" / "data"
    (target / "meetings").mkdir(parents=True)
    shutil.copytree(DATA / "sources", target / "sources")
    shutil.copytree(DATA / "reference", target / "reference")
    shutil.copy(FIXTURES / "mini-issues.yaml", target / "reference" / "issues.yaml")
    shutil.copy(FIXTURES / "mini-documents.yaml", target / "reference" / "documents.yaml")
    shutil.copy(FIXTURES / "mini-meeting.yaml", target / "meetings" / "mini-2021.yaml")
    return target


@pytest.fixture
def snapshot() -> Callable[[str, str], None]:
    """``snapshot(name, text)`` asserts ``text`` equals ``tests/__snapshots__/<name>``.

    ``UPDATE_SNAPSHOTS=1 pytest …`` writes the files instead (then review the diff); a missing
    snapshot fails rather than being written silently.
    """

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            SNAPSHOTS.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 and review it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"

    return check
