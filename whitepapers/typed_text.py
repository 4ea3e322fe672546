"""Whether a name, company or job role a reader typed holds a link or markup.

Plain Python, no Django. Whatever a reader types may end up before other people: a greeting
in a mail, a lead in the CRM, a sales person's screen. "Click https://evil.example/reset" as a
first name turns our mail into someone else's phishing mail, since mail programs make links
of anything that looks like one. So these fields refuse:

- a scheme (`https://`, `xyz://`, a bare `//host`, `mailto:`, `javascript:`) and `www.`;
- `<` and `>` (markup);
- an e-mail address, and a host followed by a port, path, query or fragment (`evil.example/x`);
- in names, any host (`evil.example`): real names have no dot between two letters other
  than initials ("J.R.R.") and titles followed by a space ("Dr. Müller"). A company or role
  may be called "Amazon.com Inc." or "Node.js developer" (`allow_bare_hosts`).

Known casualty: a name written "St.Clair" without a space is refused; "St. Clair" passes.
"""

import re

__all__ = ["contains_link_or_markup"]

# A host: labels of letters, digits and hyphens joined by dots, ending in a label of two or
# more letters (any script) or a punycode one ("xn--p1ai").
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_HOST = rf"(?<![\w-])(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[\w-]+)(?![\w-])"

_ALWAYS = re.compile(
    "|".join(
        [
            r"[a-z][a-z0-9+.-]*://",  # any scheme
            r"(?:^|\s)//[^\W_]",  # a scheme-relative link
            r"\b(?:mailto|javascript):",
            r"(?<![\w-])www\d{0,3}\.",
            r"[<>]",
            rf"[\w.+-]+@{_HOST}",  # an e-mail address
            rf"{_HOST}(?::\d+)?[/?#]",  # a host with a path, query or fragment
        ]
    ),
    re.IGNORECASE,
)
_BARE_HOST = re.compile(_HOST, re.IGNORECASE)


def contains_link_or_markup(text, *, allow_bare_hosts=False):
    """Whether `text` holds a link, an address to open or markup (see the module docstring);
    with `allow_bare_hosts`, "Amazon.com" alone is fine, "Amazon.com/deals" is not."""
    if _ALWAYS.search(text):
        return True
    return not allow_bare_hosts and bool(_BARE_HOST.search(text))
