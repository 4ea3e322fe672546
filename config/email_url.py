"""`EMAIL_URL` as Django mail settings: plain Python, so the documented forms are tested as such.

django-environ reads `filemail:///tmp/mail` as the relative path `tmp/mail` and puts
`?tls=True` into an OPTIONS dict no mail backend reads (the mail would leave without
STARTTLS). This parser does what the README promises:

- `smtp://user:password@host:587/?tls=true` STARTTLS; `?ssl=true` or `smtps://…` TLS from
  the first byte (port 465); `smtp+tls://` and `smtp+ssl://` spell the same;
- `filemail:///var/mail/blog` an absolute path (`filemail://relative/dir` a relative one);
- `consolemail://`, `memorymail://`, `dummymail://`.

User and password are percent-decoded (`p%40ss` is `p@ss`). Anything else (an unknown scheme
or query option, a value that is not a yes/no) is an error naming the culprit, not a silent
default.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["EmailURLError", "email_settings"]

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}
SMTP_SCHEMES = {"smtp": None, "smtp+tls": "tls", "smtps": "ssl", "smtp+ssl": "ssl"}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class EmailURLError(ValueError):
    """EMAIL_URL cannot be understood; the message says which part."""


def _flag(name, value):
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise EmailURLError(f"EMAIL_URL: {name}={value!r} must be true or false.")


def email_settings(url):
    """The Django settings (EMAIL_BACKEND, EMAIL_HOST, …) that `url` describes."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in SMTP_SCHEMES:
        return _smtp_settings(parts, SMTP_SCHEMES[scheme])
    if scheme not in BACKENDS:
        known = ", ".join(sorted({*BACKENDS, *SMTP_SCHEMES}))
        raise EmailURLError(f"EMAIL_URL: unknown scheme {parts.scheme!r} (known: {known}).")
    if parts.query:
        raise EmailURLError(f"EMAIL_URL: {scheme}:// takes no options ({parts.query!r}).")
    config = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "filemail":
        # filemail:///var/mail is the absolute path /var/mail; filemail://var/mail is relative.
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise EmailURLError("EMAIL_URL: filemail:// needs a folder, e.g. filemail:///var/mail.")
        config["EMAIL_FILE_PATH"] = path
    return config


def _smtp_settings(parts, security):
    if not parts.hostname:
        raise EmailURLError("EMAIL_URL: smtp:// needs a host, e.g. smtp://mail.example.com:587/.")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    config = {
        "EMAIL_BACKEND": BACKENDS["smtp"],
        "EMAIL_HOST": parts.hostname,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": security == "tls",
        "EMAIL_USE_SSL": security == "ssl",
    }
    for name, value in options.items():
        key = name.lower()
        if key == "tls":
            config["EMAIL_USE_TLS"] = _flag(name, value)
        elif key == "ssl":
            config["EMAIL_USE_SSL"] = _flag(name, value)
        else:
            raise EmailURLError(f"EMAIL_URL: unknown option {name!r} (known: tls, ssl).")
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise EmailURLError("EMAIL_URL: choose tls (STARTTLS) or ssl, not both.")
    try:
        port = parts.port
    except ValueError as error:
        raise EmailURLError(f"EMAIL_URL: the port is not a number ({error}).") from None
    # The usual ports: implicit TLS 465, submission with STARTTLS 587, plain relay 25.
    default_port = 465 if config["EMAIL_USE_SSL"] else 587 if config["EMAIL_USE_TLS"] else 25
    config["EMAIL_PORT"] = port or default_port
    return config
