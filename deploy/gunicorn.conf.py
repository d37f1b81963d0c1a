"""Gunicorn settings for Lianxin: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (see env.example); the command line wins
over both.
"""

from __future__ import annotations

import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Behind nginx on the same machine; GUNICORN_BIND=0.0.0.0:8000 to serve a load balancer.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule: two workers a core plus one. Threads let a worker wait on the database
# while another request runs; the app keeps no state in the process.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 2)
# A request longer than this is killed (a hung worker must not hold a slot forever); nginx
# gives up a little later (proxy_read_timeout 75s) so the user sees gunicorn's answer.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow; jitter keeps them from restarting together.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The app is imported in each worker, not in the master: a reload (HUP) picks up new code,
# and no database connection is ever shared across a fork.
preload_app = False
# nginx sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to standard error (journald); the access log is JSON like the app's, with the
# request id the app echoes in X-Request-ID.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s}'
)
proc_name = "lianxin"


def post_worker_init(worker: object) -> None:
    """A worker loads the word segmenter's dictionary as it starts, so that no resident's
    request waits for it after a worker is replaced (``max_requests``)."""
    from lianxin.casework.suggest import warm

    warm()
