"""Fixtures for running jobs through a real Celery worker and Redis.

The worker runs in a thread of the test process (Celery's own test worker), consuming from
Redis database REDIS_DB; the test database is shared with it as with Django's live server.
Without Redis the tests that need it are skipped with a note, except in CI (CI=true), where
Redis is part of the machine and its absence is a failure.
"""

import contextlib
import logging
import os
import threading

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def redis_or_skip(url: str = REDIS_URL) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        message = f"Redis is not reachable at {url} ({exc}): start redis-server"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def broker(settings):
    """Jobs go to Redis (nothing consumes them until `worker` starts)."""
    from economie071.config.celery import app

    url = redis_or_skip()
    old = {
        key: app.conf[key]
        for key in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    # Tests in parallel (pytest-xdist) each have a database of their own: each gets its own
    # keys in Redis too, so no worker takes another's jobs.
    prefix = f"e071-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:"
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        broker_transport_options={**old["broker_transport_options"], "global_keyprefix": prefix},
    )
    _forget_connections(app)
    settings.CELERY_BROKER_URL = url
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    yield app
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    app.conf.update(old)
    _forget_connections(app)


def _forget_connections(app):
    """Connections and producers made for the broker before are not used for the next."""
    from kombu import pools

    pools.reset()
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


class FinishedJobs:
    """The jobs the worker has finished (successfully or not), by task name. Tests wait on
    this rather than polling the database: SQLite's shared in-memory test database locks
    whole tables, so a poll while the worker writes would make the worker's write fail."""

    def __init__(self):
        self.names: list[str] = []
        self._condition = threading.Condition()

    def finished(self, sender=None, **kwargs):
        with self._condition:
            self.names.append(sender.name)
            self._condition.notify_all()

    def wait(self, suffix: str, count: int = 1, *, seconds: float = 120.0) -> None:
        """Wait until `count` jobs whose task name ends with `suffix` have finished."""

        def done():
            return sum(name.endswith(suffix) for name in self.names) >= count

        with self._condition:
            if not self._condition.wait_for(done, timeout=seconds):
                pytest.fail(f"{count} job(s) {suffix} did not finish within {seconds:.0f} s")


@pytest.fixture
def start_worker(broker, transactional_db, caplog):
    """A function that starts a real Celery worker (a context manager); the worker's
    finished jobs are in ``start_worker.jobs``."""
    from celery import signals
    from celery.contrib.testing.worker import start_worker as celery_start_worker

    jobs = FinishedJobs()
    signals.task_postrun.connect(jobs.finished, weak=False)

    @contextlib.contextmanager
    def start():
        with celery_start_worker(
            broker,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=30,
        ) as worker:
            # A starting worker runs django.setup() (Celery's Django fix-up), which configures
            # logging afresh and so takes pytest's log capture off the root logger: put it back.
            root = logging.getLogger()
            if caplog.handler not in root.handlers:
                root.addHandler(caplog.handler)
            yield worker

    start.jobs = jobs
    yield start
    signals.task_postrun.disconnect(jobs.finished)


# The monitor's demo data and a published card with its foreword (fixtures of the monitor's
# and the overview's tests), for the report and edition jobs.
from tests.monitor.conftest import (  # noqa: E402,F401
    cbs_server,
    monitor_demo,
    themes,
    unreachable_url,
)
from tests.monitor.test_cbs import inhabitants, mappings  # noqa: E402,F401
from tests.publications.conftest import foreword, pillar, published_card  # noqa: E402,F401
