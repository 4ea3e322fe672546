"""Database queries of one page rendered by Django's test client, in the app's environment.

Prints "<status> <queries>" of the page's second request: the first one warms what a reader
between two changes finds warm (with the page cache bypassed: the page's fragments).
`benchmarks.serving` runs it with the server's environment:

    python -m benchmarks.rendered_queries PATH [--page-cache-excluded-prefix /]
        [--page-cache-seconds 600]
"""

import argparse
import sys


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. /a-post/")
    parser.add_argument(
        "--page-cache-excluded-prefix",
        action="append",
        default=[],
        dest="excluded",
        help="PAGE_CACHE_EXCLUDED_PREFIXES (repeat for more; default none)",
    )
    parser.add_argument(
        "--page-cache-seconds", type=int, default=600, help="PAGE_CACHE_SECONDS (600)"
    )
    return parser.parse_args(argv)


def second_request_queries(path, excluded_prefixes, page_cache_seconds):
    """(status, queries) of the second of two GETs of `path` (over https, any host)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(
        PAGE_CACHE_EXCLUDED_PREFIXES=excluded_prefixes,
        PAGE_CACHE_SECONDS=page_cache_seconds,
        ALLOWED_HOSTS=["*"],
    ):
        client = Client()
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, secure=True).status_code
    return status, len(queries)


def main(argv=None):
    args = parse_args(argv)
    import django

    django.setup()
    status, queries = second_request_queries(args.path, args.excluded, args.page_cache_seconds)
    print(status, queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
