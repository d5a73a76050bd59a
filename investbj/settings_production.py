"""Production settings: HTTPS only, behind a reverse proxy that sets X-Forwarded-Proto (docs/deployment.md).

    DJANGO_SETTINGS_MODULE=investbj.settings_production

Everything else (database, secret key, hosts, mail) still comes from the environment, as in settings.py;
mail defaults to SMTP here because the console backend would drop every reminder.
"""

import os

os.environ.setdefault("DJANGO_EMAIL", "smtp")

from django.core.exceptions import ImproperlyConfigured

from investbj.settings import *  # noqa: F403
from investbj.settings import DEBUG, envbool

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off with the production settings.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", True)
# A year of HSTS once HTTPS works for the whole host; lower it (DJANGO_HSTS_SECONDS) while trying HTTPS out.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Joining the browsers' HSTS preload list binds every subdomain of the registered domain for months and
# is the domain owner's decision, not this application's: off unless DJANGO_HSTS_PRELOAD=true, and the
# check that recommends it is silenced for that reason.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
