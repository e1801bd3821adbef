"""Where the explorer puts each node: a deterministic layout whose labels do not overlap.

``kg.viz.spring_positions`` places the nodes (seeded, numpy only); the picture is then scaled
to the room its labels take and spread until no two label boxes overlap at the default zoom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

LAYOUT_STRETCH = (2.4, 1.6)
"""Horizontal and vertical stretch of ``kg.viz.spring_positions``, so that labels, wider
than they are tall, overlap less at the default zoom."""
SPREAD_AT_MOST = 1500
"""Nodes above which labels are not spread apart (the pairwise pass grows with the square)."""


def label_box(label: str, inside: bool = False) -> tuple[float, float]:
    """Width and height in pixels that vis-network gives a node and its label (14 px font,
    200 px at most per line, CJK characters twice as wide as Latin ones); ``inside``: the
    label is drawn in the shape (a box), not under it."""
    width = sum(14.0 if ord(c) > 0x2E80 else 7.5 for c in label)
    lines = max(1, math.ceil(width / 200))
    return min(max(width, 40.0), 200.0) + 24, 20.0 * lines + (16 if inside else 76)


def node_box(data: Mapping[str, object]) -> tuple[float, float]:
    """:func:`label_box` of a projected node, labelled as the explorer draws it (the longer
    of its two labels, an economy with its code)."""
    label = max(str(data.get("label_zh") or ""), str(data.get("label_en") or ""), key=len)
    if data.get("kind") == "economy":
        label += f" ({data.get('ident', '')})"
    shape = viz_shape(str(data.get("kind", "")))
    return label_box(label, inside=shape in ("box", "ellipse"))


def viz_shape(kind: str) -> str:
    from kg import viz

    return viz.NODE_STYLE.get(kind, ("dot", ""))[0]


def spread(pos: np.ndarray, boxes: np.ndarray, rounds: int = 80) -> np.ndarray:
    """Push apart nodes whose boxes overlap, each pair along the axis that needs the smaller
    move, until none do; where pushes cancel out (a jam), widen the whole picture by a tenth
    and go on. Deterministic: no randomness, ties broken by the nodes' order."""
    pos = pos.copy()
    half = boxes / 2
    n = len(pos)
    order = np.sign(np.subtract.outer(np.arange(n), np.arange(n))).astype(float)
    for _ in range(12):
        for _ in range(rounds):
            dx = np.subtract.outer(pos[:, 0], pos[:, 0])
            dy = np.subtract.outer(pos[:, 1], pos[:, 1])
            ox = np.add.outer(half[:, 0], half[:, 0]) - np.abs(dx)
            oy = np.add.outer(half[:, 1], half[:, 1]) - np.abs(dy)
            hit = (ox > 0) & (oy > 0)
            np.fill_diagonal(hit, False)
            if not hit.any():
                return pos
            along_x = hit & (ox * half[:, 1][:, None] <= oy * half[:, 0][:, None])
            along_y = hit & ~along_x
            sx = np.sign(dx) + (dx == 0) * order  # a tie is broken by the nodes' order
            sy = np.sign(dy) + (dy == 0) * order
            move = np.zeros_like(pos)
            move[:, 0] = (np.where(along_x, ox + 1, 0) * sx).sum(axis=1) / 2
            move[:, 1] = (np.where(along_y, oy + 1, 0) * sy).sum(axis=1) / 2
            pos += np.clip(move, -200, 200)
        pos *= 1.1
    return pos


def layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Positions for every node: ``kg.viz.spring_positions`` (deterministic), stretched to be
    wider than tall, then spread until labels do not overlap at the default zoom."""
    from kg import viz

    start = viz.spring_positions(graph)
    if not start:
        return {}
    keys = sorted(start)
    pos = np.array([start[k] for k in keys], dtype=float) * np.array(LAYOUT_STRETCH)
    if len(keys) <= SPREAD_AT_MOST:
        boxes = np.array([node_box(graph.nodes[k]) for k in keys], dtype=float)
        # first scale the picture to about three times the room its labels take, then spread
        extent = np.maximum(pos.max(axis=0) - pos.min(axis=0), 1.0)
        room = 3.0 * float((boxes[:, 0] * boxes[:, 1]).sum())
        pos = spread(pos * math.sqrt(room / float(extent[0] * extent[1])), boxes)
    return {
        k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, pos, strict=True)
    }
