"""How the platform starts background work: `enqueue(task, …)`.

A job is a Celery task in an app's ``tasks`` module. With a broker (``CELERY_BROKER_URL``)
`enqueue` hands it to the workers; without one the same task runs at once, in this
process, so the embedded default needs no broker and behaves as it always did.

`in_background()` tells which of the two it is, for the few places that act differently:
a page that waits for a PDF the worker is rendering, or work that is worth doing ahead of
time only when somebody else does it (rendering an edition's PDF as soon as it is issued).
"""

import logging

from celery import current_app
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


def in_background() -> bool:
    """True when jobs go to workers through a broker; False when they run in-process."""
    return not current_app.conf.task_always_eager


def enqueue(task, *args, **kwargs):
    """Run `task` with these arguments: in a worker, or now in this process (see above).

    Call it after the transaction that made the work necessary has committed
    (``transaction.on_commit``), so a worker never looks for rows that are not there yet.
    A job that fails in-process is logged, never raised into the caller, as in a worker.
    Returns Celery's result: in-process, ``failed()`` and ``result`` tell how it went.
    """
    result = task.delay(*args, **kwargs)
    if not in_background() and result.failed():
        logger.error("job %s failed in-process: %r", task.name, result.result)
    return result


def enqueue_ahead(task, *args, **kwargs) -> bool:
    """Start `task` only when a worker would do it; False (and nothing done) in-process,
    where the work is done when it is first needed instead."""
    if not in_background():
        return False
    enqueue(task, *args, **kwargs)
    return True


# --- Files made by a worker while somebody waits -------------------------------------------------

# How long a started job is not started again for the same thing (it is rendering).
_RUNNING_SECONDS = 600


def start_once(task, *args, key: str) -> None:
    """Start `task` for the thing named `key` unless it was started in the last ten
    minutes (several visitors asking for the same PDF start one job), or failed in that
    time (it is not tried over and over while the page reloads)."""
    if cache.get(f"e071:job:failed:{key}"):
        return
    if cache.add(f"e071:job:running:{key}", 1, _RUNNING_SECONDS):
        enqueue(task, *args)


def job_failed(key: str) -> None:
    """Called by a job that could not make the thing `key` (it has logged why)."""
    cache.set(f"e071:job:failed:{key}", 1, _RUNNING_SECONDS)
    cache.delete(f"e071:job:running:{key}")


def waiting_response(request, *, title: str, key: str) -> HttpResponse:
    """The page shown while a worker makes a file: it reloads itself (202 Accepted), or
    says that making it failed (503)."""
    failed = bool(cache.get(f"e071:job:failed:{key}"))
    response = render(
        request,
        "core/job_waiting.html",
        {"title": title, "failed": failed},
        status=503 if failed else 202,
    )
    if not failed:
        response["Refresh"] = "3"
    patch_cache_control(response, no_store=True)
    return response


def start_for_page(request, task, *args, started: str, failed: str, done: str) -> None:
    """Start `task` for a button on a page and tell the person how it went (a message):
    `started` when a worker does it; in-process `done`, or `failed` with the reason
    (``%(reason)s``)."""
    result = enqueue(task, *args)
    if in_background():
        messages.info(request, started)
    elif result.failed():
        messages.error(request, failed % {"reason": result.result})
    else:
        messages.success(request, done)
