"""The services around the application: the shared cache, the job queue (Celery), logs,
metrics and error reporting. Each is off (or local) until its setting is given, so the
embedded default needs nothing beyond Python. docs/deployment.md lists them."""

import os

from economie071.config.env import env_bool, env_int, env_list, env_str

# --- Cache -------------------------------------------------------------------------------------
# One cache for every process of an installation (rate limits, login throttle counters, the
# page cache, rendered reports): Redis when CACHE_URL is set, this process's memory otherwise.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "e071"),
            "TIMEOUT": 3600,
            # A cache that is down must not take the site with it: fail fast.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous GET pages and API lists are kept this many seconds in the cache (0: off); any
# change recorded in the audit log makes them stale at once (economie071.core.cache).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# --- Jobs (Celery) -----------------------------------------------------------------------------
# With a broker, e-mail, PDF rendering, imports and the periodic jobs run in Celery workers;
# without one they run in the process that asks for them (economie071.core.jobs).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # jobs write their results where they belong (database, cache)
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves it for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # PDF rendering takes seconds: do not hoard jobs
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 3600)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # our LOGGING below stays in charge
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")

# --- Logs --------------------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line (for a log collector); text otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint reports every CSS rule of the web stylesheet it does not use in print.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Metrics (Prometheus) ----------------------------------------------------------------------
# /metrics answers only a request with "Authorization: Bearer <METRICS_TOKEN>" or from one
# of METRICS_ALLOWED_ADDRESSES (client addresses or networks, e.g. 10.0.0.0/8); with
# neither set it is not there (404). PROMETHEUS_MULTIPROC_DIR (read by prometheus-client)
# makes the figures of all gunicorn workers and job workers on a machine count together.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_ADDRESSES = env_list("METRICS_ALLOWED_ADDRESSES", [])

# --- Error reporting (Sentry) ------------------------------------------------------------------
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        # No personal data (addresses, user names, cookies) leaves the installation.
        send_default_pii=False,
        traces_sample_rate=0.0,
        release=os.environ.get("SENTRY_RELEASE") or None,
    )

# The e-mail file backend's folder (EMAIL_BACKEND=django.core.mail.backends.filebased...).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "") or None
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
