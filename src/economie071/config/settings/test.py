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

# Files the tests write (edition PDFs) go to a throwaway folder of each test process, removed
# when the process ends; the vacancy-text analyser's index cache likewise (skills.matching).
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="economie071-test-media-")
SKILLS_EXTRACTION_CACHE_DIR = tempfile.mkdtemp(prefix="economie071-test-extraction-")
for _folder in (MEDIA_ROOT, SKILLS_EXTRACTION_CACHE_DIR):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)

# The page cache is tried by its own tests (tests/ops); elsewhere a test reads what it wrote.
PAGE_CACHE_SECONDS = 0
