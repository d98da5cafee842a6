"""Once per server process: keep the garbage collector off the objects that live as long
as the process.

Why: once its modules are imported, a Streamlit server holds hundreds of thousands of
objects (Streamlit, pandas, plotly, SQLAlchemy and our own modules) that never become
garbage, and every full collection of Python's cyclic collector walks all of them again.
A cold overview of the large portfolio triggered about one full collection per render:
0.17 s of its 0.65 s (docs/PERFORMANCE.md). ``gc.freeze()``, Python's documented tool for
this, moves the objects alive at that moment into a permanent generation the collector
skips; everything created later (sessions, cached figures) is collected as before.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_long_lived_objects() -> None:
    """Collect once, then freeze what is left (the imported modules); later calls do nothing."""
    global _frozen
    with _lock:
        if _frozen:
            return
        gc.collect()  # garbage from start-up must not be frozen with the modules
        gc.freeze()
        _frozen = True
