"""The test suite: fast password hashing, e-mail kept in memory."""

from economie071.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the apps (no collectstatic in tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Files the tests write (edition PDFs) go to a throwaway folder.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="economie071-test-media-")
# The vacancy-text analyser's index cache likewise (skills.matching).
SKILLS_EXTRACTION_CACHE_DIR = tempfile.mkdtemp(prefix="economie071-test-extraction-")

# The page cache is tried by its own tests (tests/ops); elsewhere a test reads what it wrote.
PAGE_CACHE_SECONDS = 0
