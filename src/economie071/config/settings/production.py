"""Production: everything secret or host-specific must come from the environment."""

from economie071.config.env import env_bool, env_int, env_str
from economie071.config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")  # no default: refuse to start without one
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
