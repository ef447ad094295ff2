"""Gunicorn in production (and under `make bench`), configured by environment variables.

    gunicorn -c papers_site/gunicorn.conf.py --bind 0.0.0.0:8000

Sync workers: each handles one request at a time with one database connection,
so WEB_CONCURRENCY is also the number of PostgreSQL connections a host uses.
"""

import gc
import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


wsgi_app = "papers_site.wsgi"
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
# Above 1, gthread workers serve that many requests at once in each process.
threads = env_int("GUNICORN_THREADS", 1)
# A worker silent for this long is killed and replaced (a stuck request).
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (bounds any slow leak); the jitter keeps them
# from all restarting at once. 0 turns it off.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Load Django once in the master: workers fork with it imported (shared pages,
# fast restarts). Nothing connects to PostgreSQL or Redis at import time, so
# no connection is shared across the fork.
preload_app = True


def pre_fork(server: object, worker: object) -> None:
    """Move what the master loaded (Django, the apps) out of the collector's sight before
    each fork. A worker's full collections then scan only its own objects, so they run
    often and cheaply: a request's reference cycles (DRF's serializer and its data) are
    freed soon instead of piling up between rare full scans, and the shared pages are
    not written to by the collector."""
    gc.freeze()


# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Access logs are the proxy's job; set GUNICORN_ACCESS_LOG=- to have them here.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
