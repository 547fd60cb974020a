"""deploy/gunicorn.conf.py: what a web worker does once it has loaded the app."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


def test_a_worker_freezes_what_it_loaded_out_of_the_collector() -> None:
    """After post_worker_init the objects loaded so far are frozen: a full
    collection no longer walks them (issue #17: ~200 ms every few dozen pages)."""
    conf = runpy.run_path(str(CONF))
    assert conf["worker_class"] == "gthread"
    gc.unfreeze()
    try:
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
        assert len(gc.get_objects(generation=2)) < gc.get_freeze_count() // 10
    finally:
        gc.unfreeze()
