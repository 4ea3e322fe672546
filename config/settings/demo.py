"""`make demo`: the site as readers get it in production (DEBUG off, its own 404 and 500 pages,
no media beyond images), on SQLite and one machine, with mails written under var/mail/.

No HTTPS on loopback, so no HSTS or secure cookies; a secret key made once for this machine
under var/ (as `make serve` does); static files straight from the apps through WhiteNoise, no
`collectstatic` needed.
"""

import os
import secrets
from pathlib import Path

VAR = Path(__file__).resolve().parent.parent.parent / "var"


def _machine_secret_key():
    key_file = VAR / "secret_key"
    if not key_file.exists() or not key_file.read_text().strip():
        VAR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50) + "\n")
        key_file.chmod(0o600)
    return key_file.read_text().strip()


os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", _machine_secret_key())
os.environ.setdefault(
    "ALLOWED_HOSTS",
    ",".join({"127.0.0.1", "localhost", "[::1]", os.environ.get("DEMO_HOST") or "127.0.0.1"}),
)

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

WHITENOISE_USE_FINDERS = True
SERVE_IMAGE_MEDIA = env.bool("SERVE_IMAGE_MEDIA", default=True)

# The demo's mails (whitepaper links) land as files under var/mail/ unless EMAIL_URL is set.
if not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
