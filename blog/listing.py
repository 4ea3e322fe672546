"""Request parsing shared by the blog's listings: pages of posts and search queries."""

import re

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

__all__ = ["MAX_SEARCH_LENGTH", "paginate", "search_query_from", "search_terms"]

MAX_SEARCH_LENGTH = 200


PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def paginate(request, items, per_page):
    """The page of `items` named by `?page=`; a malformed or too-high page is a 404.

    Only the plain spelling counts ("2", not "02", "+2" or " 2"): each page of a listing has
    one address, so the page cache keeps one copy of it whatever readers type.
    """
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404("No such page of results.")
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404(f"No such page of results: {error}") from error


def search_query_from(request):
    """(query, error message) from `?q=`: whitespace trimmed, overlong queries refused."""
    query = " ".join(request.GET.get("q", "").split())
    if len(query) > MAX_SEARCH_LENGTH:
        return "", f"Please use at most {MAX_SEARCH_LENGTH} characters to search."
    return query, ""


def search_terms(query):
    """The words of a query, without punctuation that full-text engines read as syntax."""
    return " ".join(re.findall(r"\w+", query))
