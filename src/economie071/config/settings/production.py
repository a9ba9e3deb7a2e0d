"""Production: everything secret or host-specific comes from the environment
(docs/deployment.md lists every setting)."""

from economie071.config.env import env_bool, env_int, env_str
from economie071.config.settings.base import *  # noqa: F403
from economie071.config.settings.base import DATABASES

SECRET_KEY = env_str("SECRET_KEY")  # no default: refuse to start without one
DEBUG = False

# Keep database connections open between requests (seconds), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health checks answer over plain HTTP too (a load balancer asks on the inside).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
