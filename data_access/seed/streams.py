"""Seeded random streams, one per phase and per project.

Why separate streams: each project draws from its own generator keyed by (seed,
phase, index), so the data of project 7 does not change when another phase draws a
few more numbers, and the output never depends on iteration order or the clock.
"""

from __future__ import annotations

import zlib

import numpy as np


def rng_for(seed: int, phase: str, index: int = 0) -> np.random.Generator:
    """A generator for ``phase`` (and item ``index``) derived only from ``seed``."""
    return np.random.default_rng([seed, zlib.crc32(phase.encode()), index])
