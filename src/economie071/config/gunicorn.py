"""gunicorn's settings for the platform, read from the environment like everything else:

    gunicorn -c python:economie071.config.gunicorn economie071.config.wsgi

Behind a reverse proxy on the same machine (deploy/nginx.conf): gunicorn listens on
loopback (or a unix socket) and never faces the internet; nginx handles slow clients,
TLS and static files' caching. Which address a request came from is not gunicorn's
business here: the application works it out from the proxy's X-Forwarded-For, believing
only as many entries as TRUSTED_PROXY_COUNT says (economie071.core.http.client_address).
gunicorn only needs to know which peers may tell it the scheme (X-Forwarded-Proto):
``FORWARDED_ALLOW_IPS``.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Every worker process holds its own matching index (docs/scaling.md), so processes cost
# memory; threads share one. Few processes with some threads each.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request may render a PDF in-process when no job broker is configured: allow for that.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restarting a worker costs a rebuild of its matching index: off unless asked for.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
# Only these peers may set X-Forwarded-Proto (the proxy on this machine by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn's control socket (gunicornc): off unless a path is given, so that several
# instances on one machine do not share the default one.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("LOG_FORMAT") == "json":
    access_log_format = (
        '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
        '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "agent": "%(a)s"}'
    )
else:
    access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


def child_exit(server, worker):
    """A worker process is gone: its live figures (gauges) leave /metrics with it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
