"""Positions of one big named graph as arrays, written beside the graph when it is imported.

NumPy is imported by the functions that read or write a table, not with the module: a store
that merely looks for tables (every read command) does not pay for it.

``kg network alignment`` over a million votes must not pull every position out of the store
(one SELECT of 870 k positions takes minutes on disk: each IRI is a string lookup). An
importer that knows its positions row by row (``kg import unga``) writes them once more, as
a :class:`PositionTable` in a ``.positions.npz`` file next to the graph's N-Quads; the stores
keep it with the graph (the persistent store copies it into the generation and records it in
the manifest with the graph's SHA-256) and the alignment reads the table instead of the
graph's positions. The graph stays the truth: the table holds the same holder, target,
stance code and meeting of each position and nothing else, and a test checks that the
alignment computed from it equals the one computed through SPARQL.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


SUFFIX = ".positions.npz"

FOR, AGAINST = 1, -1
"""Stance codes of the two opposed sides; every "neither" stance gets a code of its own ≥ 2."""

SIDE_CODES = {"for": FOR, "against": AGAINST}
NEITHER_CODES = {"no-position": 2, "concedes": 3, "reserves": 4, "abstains": 5}
"""Codes of the known "neither" stances; an unknown neither-stance gets the next free code."""


def stance_code(stance: str, side: str) -> int:
    """The alignment code of a stance: its side for ``for``/``against``, its own code otherwise."""
    if side in SIDE_CODES:
        return SIDE_CODES[side]
    return NEITHER_CODES.get(stance, 100 + sum(ord(c) for c in stance))


def table_path(nquads: Path) -> Path:
    """Where the table of an N-Quads file lives (``unga-votes.nq`` → ``unga-votes.positions.npz``)."""
    return nquads.with_name(nquads.stem + SUFFIX)


@dataclass(frozen=True)
class PositionTable:
    """Parallel arrays, one entry per position, with the distinct values factored out.

    ``holders``, ``targets`` and ``meetings`` are node keys (``economy/US``,
    ``issue/unga-rc-3``, ``meeting/unga-1``); ``h``, ``t`` and ``m`` index them per position.
    ``chains[i]`` lists the ancestors of ``targets[i]`` (space-separated node keys, as the
    ``issue_chain`` of ``position_edges``); ``meeting_dates[j]`` is the date of ``meetings[j]``.
    ``codes`` are alignment stance codes (:func:`stance_code`).
    """

    graph: str
    holders: np.ndarray
    targets: np.ndarray
    chains: np.ndarray
    meetings: np.ndarray
    meeting_dates: np.ndarray
    h: np.ndarray
    t: np.ndarray
    m: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)

    def save(self, path: Path, nquads_size: int) -> None:
        """Write atomically; ``nquads_size`` ties the table to the graph file it describes."""
        import numpy as np

        fd, tmp = tempfile.mkstemp(prefix=".", suffix=SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    graph=np.array(self.graph),
                    nquads_size=np.array(nquads_size, dtype=np.int64),
                    holders=self.holders,
                    targets=self.targets,
                    chains=self.chains,
                    meetings=self.meetings,
                    meeting_dates=self.meeting_dates,
                    h=self.h,
                    t=self.t,
                    m=self.m,
                    codes=self.codes,
                )
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> PositionTable:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            return cls(
                str(z["graph"]),
                z["holders"],
                z["targets"],
                z["chains"],
                z["meetings"],
                z["meeting_dates"],
                z["h"],
                z["t"],
                z["m"],
                z["codes"],
            )


def table_meetings(path: Path) -> list[str]:
    """The meetings (node keys) a table's positions were taken at, read without the rest."""
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        return [str(m) for m in z["meetings"]]


def describe(path: Path) -> tuple[str, int]:
    """The graph IRI and the N-Quads size recorded in a table file (``("", -1)`` if unreadable)."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as z:
            return str(z["graph"]), int(z["nquads_size"])
    except (OSError, KeyError, ValueError):
        return "", -1
