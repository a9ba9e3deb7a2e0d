"""/healthz, /readyz and /metrics; JSON logs and Sentry from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from economie071.config.celery import app
from tests.ops.conftest import _forget_connections

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


def test_healthz_needs_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_looks_at_the_database_and_the_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations"}  # no cache or broker configured
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_readyz_fails_on_an_unreachable_cache(client, settings):
    settings.CACHE_URL = CLOSED_PORT
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"] == {"status": "error"}
    assert body["checks"]["database"]["status"] == "ok"
    assert "Connection" not in response.content.decode()  # no error details to the visitor


@pytest.fixture
def unreachable_broker():
    old = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=CLOSED_PORT, task_always_eager=False)
    _forget_connections(app)
    yield
    app.conf.update(old)
    _forget_connections(app)


def test_readyz_fails_on_an_unreachable_broker(client, unreachable_broker):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"status": "error"}


def test_readyz_with_redis_as_cache_and_broker(client, settings, broker):
    settings.CACHE_URL = broker.conf.broker_url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker.conf.broker_url,
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert set(response.json()["checks"]) == {"database", "migrations", "cache", "broker"}


def test_metrics_are_not_public(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = []
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "geheim-token-voor-prometheus"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 404


def test_metrics_with_the_token(client, settings, programme):
    settings.METRICS_TOKEN = "geheim-token-voor-prometheus"
    client.get(reverse("web:home"))
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token-voor-prometheus")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'economie071_request_seconds_count{method="GET",status="2xx",view="web:home"}' in text
    assert "economie071_jobs_run_total" in text or "# HELP economie071_jobs_run" in text
    assert "economie071_matching_index_synced_timestamp_seconds" in text


def test_metrics_from_an_allowed_address_behind_the_proxy(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = ["10.1.0.0/16"]
    settings.TRUSTED_PROXY_COUNT = 1
    inside = client.get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert inside.status_code == 200
    # A client that writes the header itself: the proxy appends the real address.
    outside = client.get(
        "/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3, 203.0.113.9", REMOTE_ADDR="127.0.0.1"
    )
    assert outside.status_code == 404


def test_matching_index_age_is_measured(client, settings, programme):
    from economie071.core.metrics import MATCHING_INDEX_SYNCED
    from economie071.skills import matching

    matching.state().reset()
    matching.get_index()
    assert MATCHING_INDEX_SYNCED._value.get() > 0


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "economie071.config.settings.dev"}
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "economie071.manage", "shell", "--no-imports", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_logs_as_json_lines_when_asked():
    code = "import logging; logging.getLogger('economie071.test').warning('hallo %s', 'wereld')"
    result = _run(code, LOG_FORMAT="json")
    [line] = [line for line in result.stderr.splitlines() if "hallo" in line]
    record = json.loads(line)
    assert record["message"] == "hallo wereld"
    assert (record["level"], record["logger"]) == ("WARNING", "economie071.test")
    plain = _run(code)
    assert "hallo wereld" in plain.stderr
    assert not plain.stderr.strip().startswith("{")


def test_sentry_only_with_a_dsn():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    assert _run(code).stdout.strip() == "False"
    with_dsn = _run(code, SENTRY_DSN="https://publickey@127.0.0.1:9/1")
    assert with_dsn.stdout.strip() == "True"
