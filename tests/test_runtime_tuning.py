"""The server freezes its start-up objects for the garbage collector once, on the first run
of the entry point (dashboard/runtime_tuning.py; the effect is measured in bench/)."""

from __future__ import annotations

import gc

from streamlit.testing.v1 import AppTest

from dashboard.runtime_tuning import freeze_long_lived_objects


def test_the_first_run_freezes_the_imported_modules_and_later_runs_add_nothing(demo_app: AppTest) -> None:
    demo_app.run()
    assert not demo_app.exception
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the imported modules' objects, at the very least
    garbage = [[] for _ in range(1_000)]
    freeze_long_lived_objects()
    demo_app.run()
    # Objects made after the first run stay collectable: nothing joins the frozen ones (a
    # few of those may be freed by their reference count, so the count may only fall).
    assert gc.get_freeze_count() <= frozen
    del garbage
