"""Helpers the benchmarks share when they drive the app over HTTP: a free loopback port, plain
requests, the gate's form as a browser gets it, and the server log's lines worth a look.

Used by `gate_submissions` and `loadtest`.
"""

import html
import http.client
import re
import socket
import sys
from pathlib import Path
from urllib.parse import urlencode

__all__ = ["fetch", "findings_in", "free_port", "http_get", "log_findings", "open_gate"]


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
    """The gate form's fixed fields (urlencoded) and the Cookie header, as a browser gets them.

    The production CSRF cookie is Secure, so a client on plain http sends it by hand.
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
            "stamp": html.unescape(stamp.group(1)),
            "company": "Bench GmbH",
            "job_role": "Engineer",
            "consent": "on",
            "website": "",
        }
    )
    return form, f"csrftoken={cookie.group(1)}"


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
