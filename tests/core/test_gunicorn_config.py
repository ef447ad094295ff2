"""papers_site/gunicorn.conf.py: what the master does before forking its workers."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "papers_site" / "gunicorn.conf.py"


def test_the_master_freezes_what_it_loaded_before_each_fork():
    config = runpy.run_path(str(CONFIG))
    gc.unfreeze()
    try:
        config["pre_fork"](server=None, worker=None)

        assert gc.get_freeze_count() > 0  # the loaded app is out of the workers' scans
    finally:
        gc.unfreeze()


def test_workers_are_preloaded_and_recycled():
    config = runpy.run_path(str(CONFIG))

    assert config["preload_app"] is True  # freezing only helps what the master loaded
    assert config["max_requests"] > 0
