"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from economie071.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The checkout (or install prefix) the package lives in; var/ beside src/ holds local state.
PROJECT_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(env_str("VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "csp",
    "economie071.core",
    "economie071.audit",
    "economie071.programme",
    "economie071.portfolio",
    "economie071.publications",
    "economie071.governance",
    "economie071.monitor",
    "economie071.skills",
    "economie071.events",
    "economie071.forum",
    "economie071.network",
    "economie071.web",
    "economie071.demo",
]

MIDDLEWARE = [
    # First and last: the latency of every request, per view (economie071.core.metrics).
    "economie071.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "economie071.api.middleware.ApiVersionMiddleware",
    # Before sessions, CSRF and views: control characters and overlong parameters stop here.
    "economie071.core.request_input.RequestInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "economie071.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous GET pages from the shared cache until the data changes (core/cache.py);
    # inside the CSRF middleware, which gives a cached page's form the visitor's own token.
    "economie071.core.cache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "economie071.config.urls"
WSGI_APPLICATION = "economie071.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "economie071.web.context_processors.site",
            ],
        },
    }
]
# Every form widget gets the NL Design System class of its kind (economie071.web).
FORM_RENDERER = "economie071.web.form_renderer.NLDesignSystemFormRenderer"

_DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'economie071.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives in var/
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _DEFAULT_DATABASE_URL),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The programme this installation runs; empty: the first one in the database.
PROGRAMME_SLUG = env_str("PROGRAMME_SLUG", "")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling: five wrong passwords for one user from one client address lock that
# pair out for an hour, so guessing is slow, a shared office address is not locked out
# whole, and nobody elsewhere can lock a person out of their account. The address is the
# client's, also behind the reverse proxy (TRUSTED_PROXY_COUNT below).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "economie071.core.http.client_address"

# The client's address (economie071.core.http.client_address): how many reverse proxies of
# our own stand in front of the application (0: none, the header is ignored), and the
# header they write the address they received the request from into.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "X-Forwarded-For")

# Rate limits of what needs no account (economie071.core.throttle), counted in the cache:
# scope -> (attempts, per seconds). Per client address and per e-mail address, since each
# of these sends an e-mail to the address given.
THROTTLE_LIMITS = {
    "events.registration.client": (10, 3600),
    "events.registration.email": (3, 3600),
    "accounts.signup.client": (5, 3600),
    "accounts.signup.email": (3, 3600),
    "accounts.password_reset.client": (5, 3600),
    "accounts.password_reset.email": (3, 3600),
    # Signed-in pages that ask for the password again (change it, delete the account):
    # wrong passwords per account, so a borrowed session cannot be used to guess it.
    "accounts.password_check.user": (5, 3600),
    # Following invitation links (each try hashes a password).
    "accounts.invitation.client": (20, 3600),
    # New forum posts (questions and answers together) per author: a burst, and a day.
    "forum.post.user": (env_int("FORUM_POSTS_PER_10_MINUTES", 5), 600),
    "forum.post.user.day": (env_int("FORUM_POSTS_PER_DAY", 30), 86400),
}
# How many days the link in an invitation to join works (it can be sent again).
INVITATION_LINK_DAYS = env_int("INVITATION_LINK_DAYS", 7)
# Where the monitor fetches CBS StatLine figures (empty: CBS itself; a mirror otherwise).
CBS_BASE_URL = env_str("CBS_BASE_URL", "")

# How long a registration for an event that awaits the confirmation of its e-mail address
# holds its place (and its link works); unconfirmed, it lapses and the place is free again.
EVENTS_REGISTRATION_HOLD_MINUTES = env_int("EVENTS_REGISTRATION_HOLD_MINUTES", 30)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# The House of Skills' vacancy-text analyser keeps its built index here (see skills.matching).
SKILLS_EXTRACTION_CACHE_DIR = Path(env_str("SKILLS_EXTRACTION_CACHE_DIR", str(VAR_DIR / "cache")))
# The folder on the server that holds the ESCO CSV download the programme office can import
# from the taxonomy page (empty: importing only with `economie071 import_esco DIR`).
ESCO_IMPORT_DIR = env_str("ESCO_IMPORT_DIR", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# A strict content security policy: no inline scripts or styles, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "economie071.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "programmabureau@economie071.local")
# The public address of the site, for links in e-mails (confirmations, unsubscribe links).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

from economie071.config.settings.rest_framework import *  # noqa: E402,F403

# Cache, jobs, logs, metrics, error reporting and the mail server.
from economie071.config.settings.services import *  # noqa: E402,F403
