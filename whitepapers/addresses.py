"""One key per mailbox, however its address is spelt: what the per-address limit counts.

Plain Python, no Django. Mail providers deliver many spellings to one inbox: letter case,
quotes around the local part, international domains in Unicode or punycode, sub-addresses
("victim+anything@", at Yahoo "victim-anything@") and, at Gmail, dots anywhere in the name.
Counting each spelling apart would let anyone flood one inbox through them. The key is for
counting only; the gate stores the address as the reader typed it.

Providers with rules of their own are listed in PROVIDER_RULES (first match wins); add a row
for another one.
"""

import fnmatch
import re
from dataclasses import dataclass

import idna

__all__ = ["PROVIDER_RULES", "MailboxRule", "mailbox_key", "rule_for"]


@dataclass(frozen=True)
class MailboxRule:
    """How a provider reads the local part: what starts a tag, whether dots count, and the
    domain its other domains deliver to."""

    tag_separators: str = "+"
    ignore_dots: bool = False
    canonical_domain: str = ""


DEFAULT_RULE = MailboxRule()

# (domain pattern as fnmatch sees it, rule). "+tag" is removed everywhere.
PROVIDER_RULES = (
    ("gmail.com", MailboxRule(ignore_dots=True)),
    ("googlemail.com", MailboxRule(ignore_dots=True, canonical_domain="gmail.com")),
    ("yahoo.*", MailboxRule(tag_separators="+-")),
    ("ymail.com", MailboxRule(tag_separators="+-")),
    ("rocketmail.com", MailboxRule(tag_separators="+-")),
)

_QUOTED_PAIR = re.compile(r"\\(.)")


def rule_for(domain):
    """The rule of the provider behind `domain` (ASCII, lower case)."""
    for pattern, rule in PROVIDER_RULES:
        if fnmatch.fnmatchcase(domain, pattern):
            return rule
    return DEFAULT_RULE


def _unquoted(local):
    # '"victim"' and 'victim' are the same mailbox; inside quotes a backslash escapes.
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        return _QUOTED_PAIR.sub(r"\1", local[1:-1])
    return local


def _ascii_domain(domain):
    domain = domain.strip().rstrip(".")
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        # An address literal ("[192.0.2.1]") or something idna refuses: counted as typed.
        return domain.casefold()


def mailbox_key(address):
    """`address` reduced to its mailbox: 'Vic.Tim+x@GoogleMail.com' -> 'victim@gmail.com'."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address.strip().casefold()
    domain = _ascii_domain(domain)
    rule = rule_for(domain)
    local = _unquoted(local).casefold()
    for separator in rule.tag_separators:
        # "+tag@…" alone is a name, not a tag: keep it rather than count an empty one.
        local = local.split(separator, 1)[0] or local
    if rule.ignore_dots:
        local = local.replace(".", "") or local
    return f"{local}@{rule.canonical_domain or domain}"
