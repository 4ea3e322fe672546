"""The demo site as the HTTP benchmarks drive it: its well-known pages, loading it into a
fresh database, and the whitepaper gate's form as a browser gets it, with fresh form stamps.

Of the benchmarks that serve the app, only this module imports project code
(`whitepapers.tokens`, to sign stamps as the server does); `loadtest/reader_paths.py` runs in
the server's environment and lists the pages readers find.
"""

import base64
import html
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from whitepapers import tokens

from .servers import ServerError, fetch, manage

__all__ = [
    "GATE_PATH",
    "GATE_SLUG",
    "MIN_FILL_SECONDS",
    "SEED_POST",
    "TERM_PAGE",
    "GateForm",
    "fresh_stamps",
    "load_demo_site",
    "open_gate",
    "write_stamp_files",
]

SEED_POST = "/defining-digitalization-industry-40-or-internet-things/"
TERM_PAGE = "/glossary/internet-of-things/"
GATE_SLUG = "whitepaper-hadoop-2"
GATE_PATH = f"/{GATE_SLUG}/"
# The servers the benchmarks start refuse forms sent sooner than this after they were shown
# (WHITEPAPERS_MIN_FILL_SECONDS, given to them), as a person's typing takes that long.
MIN_FILL_SECONDS = 3


def load_demo_site(env, *, collectstatic=False):
    """Migrate the database of `env` and load the demo content into it (and collect static
    files, for a server started without config/serve.sh)."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content", "--quiet-passwords")
    if collectstatic:
        manage(env, "collectstatic", "--noinput", "-v0")


@dataclass(frozen=True)
class GateForm:
    """The gate form as a browser got it: its fixed fields (urlencoded, without the stamp),
    the Cookie header to send with it, and the form's stamp."""

    fields: str
    cookie: str
    stamp: str

    def submission(self, stamp, email, first_name, last_name):
        """(body, headers) of a POST with `stamp` and these reader fields."""
        body = (
            f"{self.fields}&stamp={stamp}&first_name={first_name}&last_name={last_name}"
            f"&email={quote(email, safe='')}"
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        return body, headers


def open_gate(port, path=GATE_PATH):
    """The gate form at `path` as a browser gets it (see `GateForm`).

    The production CSRF cookie is Secure, so a client on plain http sends it by hand. A stamp
    is good for one accepted submission: send each with one of `fresh_stamps`.
    """
    status, headers, page = fetch(port, path)
    set_cookie = ", ".join(headers.get_all("Set-Cookie") or [])
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    if status != 200 or not (cookie and token and stamp):
        raise ServerError(f"The gate page did not offer its form (HTTP {status}).")
    fields = urlencode(
        {
            "csrfmiddlewaretoken": html.unescape(token.group(1)),
            "company": "Bench GmbH",
            "job_role": "Engineer",
            "consent": "on",
            "website": "",
        }
    )
    return GateForm(fields, f"csrftoken={cookie.group(1)}", html.unescape(stamp.group(1)))


def fresh_stamps(stamp, secret_key, count):
    """`count` copies of a form stamp the gate showed, each with a nonce of its own and the
    same issue time: the gate accepts a stamp once, and fetching the page for each submission
    would measure page views too. Signed as the server signs them, with its SECRET_KEY (the
    benchmarks start the server and choose that key). A stamp's token alphabet needs no
    URL-encoding."""
    payload = stamp[: -tokens.SIGNATURE_LENGTH]
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    key = tokens.derive_key(secret_key, "form")
    return [
        tokens.make_token("form", {**body["d"], "r": secrets.token_urlsafe(16)}, key, body["t"])
        for _ in range(count)
    ]


def write_stamp_files(stamp, secret_key, prefix, clients, per_client):
    """One file of fresh stamps per wrk client, `{prefix}{client}.txt`, one stamp a line;
    `prefix`, which our Lua scripts take as an argument."""
    for client in range(clients):
        stamps = fresh_stamps(stamp, secret_key, per_client)
        Path(f"{prefix}{client}.txt").write_text("\n".join(stamps) + "\n")
    return prefix
