"""The glossary as the site uses it: a matcher built from live terms, cached per version.

Every change to a term or to the glossary page bumps a version number kept in the cache
(shared by all app servers). Matchers and linked HTML are keyed by that version, so a
published term shows up in every post at once and nothing stale survives.
"""

import hashlib
from dataclasses import dataclass
from uuid import uuid4

from django.core.cache import cache
from django.utils.safestring import mark_safe

from .linker import Matcher, Term, link_terms

__all__ = [
    "LinkedHTML",
    "TermInfo",
    "current_glossary",
    "glossary_changed",
    "glossary_version",
    "link_html",
]

VERSION_KEY = "glossary:version"
LINKED_TIMEOUT = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class TermInfo:
    """What a tooltip needs about a term, without touching the database."""

    key: str
    pk: int
    name: str
    url: str
    definition: str


@dataclass(frozen=True)
class LinkedHTML:
    html: str
    terms: tuple  # TermInfo of every term linked (automatically or by hand), in order

    def __str__(self):
        return self.html

    def __html__(self):
        return self.html


class Glossary:
    """A matcher over the live terms, and what the site shows about each."""

    def __init__(self, infos, terms, manual_only):
        self.info = {info.key: info for info in infos}
        self.matcher = Matcher(terms)
        self.manual_only = frozenset(manual_only)  # live terms editors keep out of auto-linking


def glossary_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def glossary_changed():
    """Call when terms or the glossary page change: every cached link result is dropped."""
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


_built = {}


def current_glossary():
    """The glossary for the current version, built at most once per process and version."""
    version = glossary_version()
    glossary = _built.get(version)
    if glossary is None:
        glossary = build_glossary()
        _built.clear()
        _built[version] = glossary
    return glossary


def build_glossary():
    from .models import GlossaryIndexPage, GlossaryTerm, lines_of

    index_page = GlossaryIndexPage.objects.live().first()
    if index_page is None:
        return Glossary([], [], [])
    base = index_page.url
    infos, terms, manual_only = [], [], []
    rows = GlossaryTerm.objects.filter(live=True).values_list(
        "pk", "slug", "name", "variants", "exact_variants", "short_definition", "auto_link"
    )
    for pk, slug, name, variants, exact_variants, definition, auto_link in rows:
        url = f"{base}{slug}/"
        exact = tuple(lines_of(exact_variants))
        infos.append(TermInfo(slug, pk, name, url, definition))
        forms = tuple(form for form in [name, *lines_of(variants)] if form not in exact)
        terms.append(Term(slug, url, forms, exact))
        if not auto_link:
            manual_only.append(slug)
    return Glossary(infos, terms, manual_only)


def link_html(html, exclude=(), auto_link=True, use_cache=True):
    """`html` with glossary terms linked, and the terms it links; cached by content.

    With `auto_link` off only the links editors made by hand are kept (with their tooltips).
    """
    html = str(html or "")
    exclude = frozenset(exclude)
    key = None
    if use_cache:
        options = "\x00".join(sorted(exclude)) + ("\x02" if auto_link else "\x03")
        digest = hashlib.sha256((options + "\x01" + html).encode())
        key = f"glossary:linked:{glossary_version()}:{digest.hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            linked_html, infos = cached
            return LinkedHTML(mark_safe(linked_html), tuple(TermInfo(*info) for info in infos))  # noqa: S308
    glossary = current_glossary()
    excluded = exclude | glossary.manual_only
    if not auto_link:
        excluded |= glossary.info.keys()
    result = link_terms(html, glossary.matcher, exclude=excluded)
    infos = tuple(
        glossary.info[key_] for key_ in [*result.manual, *result.linked] if key_ in glossary.info
    )
    if key:
        cache.set(
            key,
            (result.html, [tuple(vars(info).values()) for info in infos]),
            LINKED_TIMEOUT,
        )
    # The input was already safe HTML; the linker only adds escaped attributes and tags.
    return LinkedHTML(mark_safe(result.html), infos)  # noqa: S308
