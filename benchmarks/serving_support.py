"""Helpers the benchmarks share when they drive the app over HTTP: a free loopback port, plain
requests, the gate's form as a browser gets it (and fresh stamps for it), and the server log's
lines worth a look.

Used by `gate_submissions` and `loadtest`.
"""

import base64
import html
import http.client
import json
import re
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import urlencode

from whitepapers import tokens

__all__ = [
    "fetch",
    "findings_in",
    "free_port",
    "fresh_stamps",
    "http_get",
    "log_findings",
    "open_gate",
    "write_stamp_files",
]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, method="GET", body=None, headers=None, timeout=30):
    """(status, headers, text) of one request to 127.0.0.1:`port`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


def http_get(port, path):
    """(status, the Set-Cookie headers joined or "", text) of a GET."""
    status, headers, text = fetch(port, path)
    return status, ", ".join(headers.get_all("Set-Cookie") or []), text


def open_gate(port, path):
    """The gate form's fixed fields (urlencoded, without the stamp), the Cookie header and
    the form's stamp, as a browser gets them.

    The production CSRF cookie is Secure, so a client on plain http sends it by hand. A stamp
    is good for one accepted submission: send each with one of `fresh_stamps`.
    """
    status, set_cookie, page = http_get(port, path)
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    if status != 200 or not (cookie and token and stamp):
        sys.exit(f"The gate page did not offer its form (HTTP {status}).")
    form = urlencode(
        {
            "csrfmiddlewaretoken": html.unescape(token.group(1)),
            "company": "Bench GmbH",
            "job_role": "Engineer",
            "consent": "on",
            "website": "",
        }
    )
    return form, f"csrftoken={cookie.group(1)}", html.unescape(stamp.group(1))


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
    """One file of fresh stamps per wrk client, `{prefix}{client}.txt`, one stamp a line."""
    for client in range(clients):
        stamps = fresh_stamps(stamp, secret_key, per_client)
        Path(f"{prefix}{client}.txt").write_text("\n".join(stamps) + "\n")
    return prefix


def log_findings(log_path):
    """Lines of the server's log worth a look: all but gunicorn's own [INFO] lines (Django
    logs warnings such as "Too Many Requests: /…" and tracebacks there)."""
    return findings_in(Path(log_path).read_text(errors="replace").splitlines())


def findings_in(lines):
    """The log lines worth a look (see log_findings)."""
    return [
        line
        for line in lines
        if "] [INFO] " not in line and "was sent SIGTERM" not in line  # our own stop
    ]
