"""Which CRM webhook URLs the server may post to: public internet addresses only.

Plain Python (`ipaddress`; the resolver is passed in), no Django. A webhook URL makes our
server send requests, so whoever may edit it could otherwise reach our own network (the
database, Redis, cloud metadata at 169.254.169.254) and read in the deliveries list what
answered. The rules:

- the scheme is https; http only where the caller allows it (local development);
- the host is a DNS name, or an address in its one plain form (`203.0.113.10`,
  `[2001:db8::1]`): forms the resolver would also read as addresses (`2130706433`,
  `0x7f.1`, `127.1`, `0177.0.0.1`) are refused, as are user names in the URL and
  `localhost` names;
- every address a name resolves to must be public: not unspecified, loopback, link-local,
  shared (100.64.0.0/10), multicast, reserved or private, with IPv4 addresses inside IPv6
  (`::ffff:127.0.0.1`, 6to4, NAT64) judged as IPv4, unless it lies in a network the caller
  explicitly allows (a CRM on loopback for tests);
- `check_webhook_url` returns the addresses it checked, and the caller connects to exactly
  those: a name cannot resolve to a public address for the check and to a private one for the
  connection (DNS rebinding).
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "RefusedURL",
    "WebhookTarget",
    "address_refusal",
    "check_webhook_url",
    "parse_networks",
    "split_webhook_url",
]

DEFAULT_PORTS = {"https": 443, "http": 80}
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
# Not for the public internet, though Python 3.11 calls them global (or only private).
ALSO_RESERVED = tuple(
    ipaddress.ip_network(network)
    for network in (
        "192.0.0.0/24",  # IETF protocol assignments
        "2001::/23",  # IETF protocol assignments, Teredo included
        "fec0::/10",  # site-local, deprecated
        "64:ff9b:1::/48",  # NAT64 for local use
    )
)
DOTTED_QUAD = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
# A label the resolver's inet_aton() reads as a number: decimal, octal (0…) or hex (0x…).
NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|\d+")
HOST_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


class RefusedURL(ValueError):
    """A URL the server must not post to. `code` says why (`scheme`, `malformed`,
    `credentials`, `host`, `port`, `numeric_host`, `localhost`, `address`, `unresolvable`),
    `params` fill in the message; `depends_on_dns` is True when another DNS answer could
    change the verdict (worth a retry), False when the URL itself is the problem."""

    def __init__(self, code, depends_on_dns=False, **params):
        self.code = code
        self.depends_on_dns = depends_on_dns
        self.params = params
        details = ", ".join(f"{key}={value}" for key, value in params.items())
        super().__init__(f"{code}: {details}" if details else code)


@dataclass(frozen=True)
class WebhookTarget:
    """Where a webhook URL points: `host` is the ASCII name (or the address, no brackets)
    for the Host header, SNI and the certificate; `addresses` the checked ones to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple = ()


def parse_networks(values):
    """The allowed networks from strings such as "127.0.0.1/32"; ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"{value!r} is not a network (e.g. 127.0.0.1/32)") from error
    return tuple(networks)


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _address_kind(address):
    """Why `address` is not on the public internet ("loopback", …), or None if it is."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return _address_kind(embedded)
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address in SHARED_ADDRESS_SPACE:
        return "shared"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved or any(address in network for network in ALSO_RESERVED):
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"
    return None


def address_refusal(address, allowed_networks=()):
    """Why the server must not connect to `address`, or None: public, or explicitly allowed."""
    embedded = _embedded_ipv4(address)
    for candidate in (address, embedded):
        if candidate is not None and any(
            candidate.version == network.version and candidate in network
            for network in allowed_networks
        ):
            return None
    return _address_kind(address)


def _ascii_host_name(host):
    """The name in ASCII (IDNA) if it is a valid DNS host name; RefusedURL otherwise."""
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise RefusedURL("host", host=host) from error
    labels = name.split(".")
    if len(name) > 253 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise RefusedURL("host", host=host)
    return name


def split_webhook_url(url, allow_http=False):
    """The target of `url` without asking DNS: scheme, host, port and path, and the address
    if the host is one. Refuses what is wrong with the URL itself."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or c == "\\" for c in url):
        raise RefusedURL("malformed")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        code = "port" if "port" in str(error).lower() else "malformed"
        raise RefusedURL(code) from error
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or (scheme == "http" and not allow_http):
        raise RefusedURL("scheme", scheme=scheme, allow_http=allow_http)
    if "@" in parts.netloc:
        raise RefusedURL("credentials")
    host = parts.hostname or ""
    if not host:
        raise RefusedURL("host", host=host)
    if port == 0:
        raise RefusedURL("port")
    address = None
    if parts.netloc.startswith("["):
        if "%" in host:  # a zone ("%eth0") names one of our own interfaces
            raise RefusedURL("host", host=host)
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError as error:
            raise RefusedURL("host", host=host) from error
    else:
        host = host[:-1] if host.endswith(".") else host
        labels = host.split(".")
        if DOTTED_QUAD.fullmatch(host):
            try:
                address = ipaddress.IPv4Address(host)
            except ValueError as error:  # leading zeros (octal to some) or above 255
                raise RefusedURL("numeric_host", host=host) from error
        elif labels[-1].isdigit() or all(NUMERIC_LABEL.fullmatch(label) for label in labels):
            raise RefusedURL("numeric_host", host=host)
        else:
            host = _ascii_host_name(host)
            if host == "localhost" or host.endswith(".localhost"):
                raise RefusedURL("localhost", host=host)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return WebhookTarget(
        scheme=scheme,
        host=str(address) if address else host,
        port=port or DEFAULT_PORTS[scheme],
        path=path,
        addresses=(address,) if address else (),
    )


def _resolve(host, port, resolve):
    try:
        answers = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RefusedURL("unresolvable", depends_on_dns=True, host=host) from error
    addresses = []
    for family, _type, _proto, _name, sockaddr in answers:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        # A scope ("%eth0") comes only with link-local addresses, which are refused anyway.
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise RefusedURL("unresolvable", depends_on_dns=True, host=host)
    return tuple(addresses)


def check_webhook_url(url, *, allow_http=False, allowed_networks=(), resolve=socket.getaddrinfo):
    """The target of `url` with every address it resolves to now, all of them public (or in
    `allowed_networks`); RefusedURL otherwise. Connect to those addresses only."""
    target = split_webhook_url(url, allow_http=allow_http)
    if target.addresses:
        [address] = target.addresses
        if kind := address_refusal(address, allowed_networks):
            raise RefusedURL("address", address=str(address), kind=kind)
        return target
    addresses = _resolve(target.host, target.port, resolve)
    for address in addresses:
        if kind := address_refusal(address, allowed_networks):
            raise RefusedURL(
                "address", depends_on_dns=True, host=target.host, address=str(address), kind=kind
            )
    return WebhookTarget(target.scheme, target.host, target.port, target.path, addresses)
