"""Straight outlines (M, L, H, V, Z) in millimetres for layout: read by brandkit.pathdata."""

from __future__ import annotations

from brandkit.pathdata import SubPath, parse_path

__all__ = ["SubPath", "parse_path", "path_bounds"]


def path_bounds(paths: tuple[SubPath, ...]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of every point, in millimetres."""
    xs = [p[0] for sub in paths for p in sub.points]
    ys = [p[1] for sub in paths for p in sub.points]
    return min(xs), min(ys), max(xs), max(ys)
