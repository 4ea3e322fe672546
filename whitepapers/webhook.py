"""The CRM webhook's transport: its URL checked when saved and again before every post, and
the post sent to exactly the address that was checked.

`webhook_rules` holds the rules (plain Python); `conf` the settings that relax them for local
development. Here: the model field's validator with messages for marketing, and connections
pinned to a vetted address: http.client connects to that address, while the Host header, TLS
SNI and the certificate check use the URL's host name. Nothing resolves the name a second time,
and http.client follows no redirects: a 3xx answer is a failure.
"""

import http.client
import socket
import ssl

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import conf, webhook_rules
from .webhook_rules import RefusedURL

__all__ = [
    "PinnedHTTPConnection",
    "PinnedHTTPSConnection",
    "WebhookRefused",
    "WebhookURLField",
    "post_to_webhook",
    "refusal_message",
    "validate_crm_webhook_url",
    "vetted_target",
]

KIND_LABELS = {
    "unspecified": _("unspecified"),
    "loopback": _("loopback"),
    "link-local": _("link-local"),
    "shared": _("shared address space"),
    "multicast": _("multicast"),
    "reserved": _("reserved"),
    "private": _("private"),
}
MESSAGES = {
    "malformed": _("This is not a valid address: no spaces, control characters or backslashes."),
    "credentials": _(
        "Leave user name and password out of the address; the CRM checks the shared secret instead."
    ),
    "host": _("This address has no valid host name."),
    "port": _("This address has no valid port."),
    "numeric_host": _(
        "Write a numeric address as four decimal numbers (e.g. 203.0.113.10); “%(host)s” is "
        "not accepted."
    ),
    "localhost": _("“%(host)s” is this server itself; the CRM must be on the internet."),
    "unresolvable": _("“%(host)s” cannot be found (no DNS answer); check the address."),
}


class WebhookRefused(Exception):
    """The webhook URL is refused (see `webhook_rules`); nothing was sent. `permanent` when
    the URL itself is the problem, not what DNS answers now."""

    def __init__(self, message, permanent):
        super().__init__(message)
        self.permanent = permanent


def refusal_message(refused):
    """What to tell marketing about a `RefusedURL`."""
    params = dict(refused.params)
    if refused.code == "scheme":
        if params.get("allow_http"):
            return gettext("Use an https:// address (or http:// for local development).")
        return gettext("Use an https:// address: leads are personal data and go out encrypted.")
    if refused.code == "address":
        params["kind"] = KIND_LABELS.get(params["kind"], params["kind"])
        if "host" in params:
            message = gettext(
                "%(host)s points to %(address)s, which is not a public address (%(kind)s); "
                "the CRM must be on the internet."
            )
        else:
            message = gettext(
                "%(address)s is not a public address (%(kind)s); the CRM must be on the internet."
            )
        return message % params
    return str(MESSAGES[refused.code]) % params


def vetted_target(url):
    """Where `url` points and the addresses it may be reached at now; RefusedURL otherwise."""
    return webhook_rules.check_webhook_url(
        url,
        allow_http=conf.webhook_allow_http(),
        allowed_networks=conf.webhook_allowed_networks(),
        resolve=socket.getaddrinfo,  # looked up now, so tests can stand in for DNS
    )


def validate_crm_webhook_url(value):
    """Model field validator: only URLs the server may post to, for every form, import and
    API that validates the model."""
    try:
        vetted_target(value)
    except RefusedURL as refused:
        raise ValidationError(refusal_message(refused), code="refused_webhook_url") from refused


class WebhookURLFormField(forms.URLField):
    default_validators = []  # the model field's validator says more


class WebhookURLField(models.URLField):
    """A URL field checked by `validate_crm_webhook_url` alone: stricter than Django's
    URLValidator, and its messages say why an address is refused."""

    default_validators = [validate_crm_webhook_url]

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", WebhookURLFormField)
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


def ssl_context():
    """The TLS settings for posts: the system's trusted authorities, host names checked."""
    return ssl.create_default_context()


def _connect(addresses, port, timeout):
    """A TCP connection to the first of the vetted `addresses` that accepts one."""
    error = OSError("no address to connect to")
    for address in addresses:
        try:
            connection = socket.create_connection((str(address), port), timeout=timeout)
        except OSError as refused:
            error = refused
            continue
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection
    raise error


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP for `host`, connected to one of the vetted `addresses` (never resolved again)."""

    def __init__(self, host, port, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        self.sock = _connect(self.addresses, self.port, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS the same way; TLS names `host` (SNI) and checks the certificate against it."""

    def __init__(self, host, port, addresses, timeout, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self.addresses = addresses

    def connect(self):
        connection = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self._context.wrap_socket(connection, server_hostname=self.host)
        except BaseException:
            connection.close()
            raise


def post_to_webhook(url, body, headers, timeout):
    """POST `body` to `url` once it passes the rules. Raises WebhookRefused before connecting
    anywhere refused, and ConnectionError for anything but a 2xx answer (a 3xx included)."""
    try:
        target = vetted_target(url)
    except RefusedURL as refused:
        raise WebhookRefused(
            refusal_message(refused), permanent=not refused.depends_on_dns
        ) from refused
    if target.scheme == "https":
        connection = PinnedHTTPSConnection(
            target.host, target.port, target.addresses, timeout, ssl_context()
        )
    else:
        connection = PinnedHTTPConnection(target.host, target.port, target.addresses, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        status, reason = response.status, response.reason[:100]
    finally:
        connection.close()
    if 300 <= status < 400:
        raise ConnectionError(
            gettext(
                "The CRM answered %(status)s %(reason)s: redirects are not followed; set the "
                "address it redirects to in Whitepaper settings."
            )
            % {"status": status, "reason": reason}
        )
    if not 200 <= status < 300:
        raise ConnectionError(
            gettext("The CRM answered %(status)s %(reason)s") % {"status": status, "reason": reason}
        )
