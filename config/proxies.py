"""The client's address behind our own reverse proxies: plain Python, no Django.

gunicorn puts the connecting peer into REMOTE_ADDR; behind nginx or a load balancer that is
the proxy, for every reader alike, and rate limits and sign-in lockouts keyed on it would
treat the whole world as one client. Each proxy appends the address it received the request
from to X-Forwarded-For. Reading that header from the right, past the addresses of proxies we
run (TRUSTED_PROXIES), gives the first address no proxy of ours vouches for: the client. A
client can put anything in the header, but only to the left of what our proxies appended,
where this never looks.
"""

import ipaddress

__all__ = ["client_address", "parse_networks"]


def parse_networks(values):
    """IP networks from "10.0.0.0/8"-style strings (a bare address is a /32 or /128)."""
    return tuple(
        ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()
    )


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_address(remote_addr, forwarded_for, trusted):
    """The client's address: `remote_addr`, or, when that is a trusted proxy, the rightmost
    address in `forwarded_for` (X-Forwarded-For) that is not one."""
    peer = _address(remote_addr or "")
    if peer is None or not any(peer in network for network in trusted):
        return remote_addr
    client = remote_addr
    for hop in reversed((forwarded_for or "").split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage: trust nothing further left
        client = str(address)
        if not any(address in network for network in trusted):
            break
    return client
