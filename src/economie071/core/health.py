"""/healthz and /readyz: for a load balancer, an orchestrator or a monitoring check. JSON,
no login, cheap.

- /healthz: the process is up and answers (nothing else is looked at).
- /readyz: the process can serve: the database answers, every migration is applied, and
  the shared cache and the job broker answer when they are configured. 200 when all is
  well, 503 with the failing part named otherwise; error details go to the log, not to
  the visitor.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from economie071.core import jobs

logger = logging.getLogger(__name__)

# Once this process has seen every migration applied it does not look again: code and
# migrations only change with a restart. Until then it looks at every request.
_migrated = False


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> None:
    global _migrated
    if _migrated:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied")
    _migrated = True


def _cache() -> None:
    key = "e071:readyz"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")


def _broker() -> None:
    from celery import current_app

    with current_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


@never_cache
def readyz(request):
    checks = {"database": _database, "migrations": _migrations}
    if settings.CACHE_URL:
        checks["cache"] = _cache
    if jobs.in_background():
        checks["broker"] = _broker
    result = {}
    for name, check in checks.items():
        if name == "migrations" and result["database"]["status"] != "ok":
            result[name] = {"status": "unknown"}
            continue
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            logger.error("readyz: %s is not ready: %s", name, exc, exc_info=True)
            result[name] = {"status": "error"}
            continue
        result[name] = {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}
    ready = all(check["status"] == "ok" for check in result.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": result}, status=200 if ready else 503
    )
