"""Figures for Prometheus: request latency per view, jobs run and failed, the age of the
matching index. Served at /metrics, which is not public (see `metrics_view`).

prometheus-client keeps the figures per process. Under gunicorn (several worker processes)
and with Celery workers on the same machine, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty
folder writable by all of them (emptied at every start, see deploy/): each process writes
its figures there and /metrics adds them up. Without it, /metrics shows the figures of the
process that answers.
"""

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as PROCESS_REGISTRY

from economie071.core.http import client_address

REQUEST_SECONDS = Histogram(
    "economie071_request_seconds",
    "Time to answer a request, per view (Django's view name) and method.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
JOBS_RUN = Counter("economie071_jobs_run", "Jobs that finished, per task.", ["task"])
JOBS_FAILED = Counter("economie071_jobs_failed", "Jobs that failed, per task.", ["task"])
JOBS_RETRIED = Counter("economie071_jobs_retried", "Jobs put back to try again.", ["task"])
# A timestamp, as Prometheus prefers (age = time() - value); the oldest over the processes.
MATCHING_INDEX_SYNCED = Gauge(
    "economie071_matching_index_synced_timestamp_seconds",
    "When this process's matching index was last brought up to date with the journal.",
    multiprocess_mode="min",
)
MATCHING_INDEX_BUILT = Gauge(
    "economie071_matching_index_built_timestamp_seconds",
    "When this process's matching index was last built from the database.",
    multiprocess_mode="min",
)


class RequestMetricsMiddleware:
    """Times every request and files it under the view that answered it (a bounded set of
    names: never the path itself, which anyone can vary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "<unresolved>"
        REQUEST_SECONDS.labels(
            view=view, method=request.method, status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    allowed = settings.METRICS_ALLOWED_ADDRESSES
    if allowed:
        try:
            address = ipaddress.ip_address(client_address(request))
        except ValueError:
            return False
        for network in allowed:
            try:
                if address in ipaddress.ip_network(network, strict=False):
                    return True
            except ValueError:
                continue
    return False


@never_cache
def metrics_view(request):
    """The figures in Prometheus' text format, for a scraper with the token or from an
    allowed address; for anyone else the address does not exist (404)."""
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = PROCESS_REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
