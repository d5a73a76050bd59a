"""Test settings: fast hashing, and Shanghai time so date bugs show."""

import os

os.environ.setdefault("INVESTBJ_DEV", "true")

from investbj.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Uploaded attachments go to a throwaway directory, never into the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="investbj-test-media-"))
REPORTING_STORE_DIR = MEDIA_ROOT / "columnar"

# The test client's login() authenticates without a request, which django-axes refuses; the lockout
# itself is tested with AXES_ENABLED switched on (investbj/tests/test_security.py).
AXES_ENABLED = False
