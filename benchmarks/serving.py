"""Requests per second of the served blog, measured with wrk, written to BENCHMARKS.md.

One run, one machine: a static file, the seed post rendered (full-page cache bypassed; its
body and sidebar fragments warm), the seed post, the blog index and a glossary term page from
the full-page cache, each with its ratio to the static file, plus the queries of a rendered
post. The app runs as `make serve` does (gunicorn, production settings, PostgreSQL, Redis)
from a throwaway database with the demo content: one server with the page cache, one
without it (PAGE_CACHE_EXCLUDED_PREFIXES=/), never loaded at the same time.

Skips (exit 0) when PostgreSQL, Redis or wrk is missing.
Environment: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/13), WEB_CONCURRENCY (default 2).
Run: python -m benchmarks.serving [--duration 10] [--connections 16] [--output BENCHMARKS.md]
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .demo_site import SEED_POST, TERM_PAGE, load_demo_site
from .servers import (
    ROOT,
    ServerError,
    ServeScript,
    postgres_unreachable,
    production_env,
    redis_unreachable,
    run_python,
    throwaway_database,
)
from .wrk import run_wrk, wrk_missing

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
DATABASE = "blog_bench_serving"
# The reference, measured on the same kind of machine: Wagtail's bakerydemo blog post
# with 2 gunicorn workers on 2 cores.
BAKERYDEMO_POST_RPS = 60
STATIC_FILE = "Static file (`site.css`, whitenoise)"
RENDERED_COLD = "Seed post rendered from scratch (no page or fragment cache)"
RENDERED = "Seed post rendered (page cache bypassed)"
CACHED_POST = "Seed post from the page cache"
CACHED_INDEX = "Blog index from the page cache"
CACHED_TERM = "Glossary term page from the page cache"
# The rows of the table, in this order.
FIGURES = [STATIC_FILE, RENDERED_COLD, RENDERED, CACHED_POST, CACHED_INDEX, CACHED_TERM]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per figure (10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    return parser.parse_args(argv)


def unavailable():
    """Why this machine cannot run the benchmark, or "" when it can."""
    return postgres_unreachable(POSTGRES_URL) or redis_unreachable(REDIS_URL) or wrk_missing()


def server_environment(db_url, static_root):
    """The production settings on the throwaway database and an emptied Redis database."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return production_env(
        database_url=db_url,
        cache_url=REDIS_URL,
        email_url="dummymail://",
        static_root=static_root,
        secret_key=os.environ.get("SECRET_KEY"),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        LOG_LEVEL="ERROR",
        GUNICORN_CMD_ARGS="--log-level=warning",
    )


def get(server, path):
    """(text, headers) of a GET that must answer 200."""
    status, headers, text = server.fetch(path, timeout=10)
    if status != 200:
        raise ServerError(f"{path} answered {status}:\n{text[:500]}")
    return text, headers


def rendered_post_queries(env, excluded, page_cache_seconds=600):
    """Queries of the seed post rendered without the page cache (its second request)."""
    options = [f"--page-cache-excluded-prefix={prefix}" for prefix in excluded]
    output = run_python(
        env,
        "-m",
        "benchmarks.rendered_queries",
        SEED_POST,
        *options,
        f"--page-cache-seconds={page_cache_seconds}",
    ).split()
    assert output[-2] == "200", output
    return int(output[-1])


def measure(args):
    """({figure: WrkResult}, queries of the rendered post, queries from scratch)."""

    def wrk(server, path):
        return run_wrk(server.url(path), duration=args.duration, connections=args.connections)

    results = {}
    with (
        tempfile.TemporaryDirectory() as static_root,
        throwaway_database(POSTGRES_URL, DATABASE) as db_url,
    ):
        env = server_environment(db_url, static_root)
        load_demo_site(env)
        with ServeScript(env) as cached:
            html, _ = get(cached, SEED_POST)
            static_path = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
            for path in (SEED_POST, "/", TERM_PAGE):
                get(cached, path)
                assert get(cached, path)[1]["X-Page-Cache"] == "hit", path
            for name, path in [
                (STATIC_FILE, static_path),
                (CACHED_POST, SEED_POST),
                (CACHED_INDEX, "/"),
                (CACHED_TERM, TERM_PAGE),
            ]:
                results[name] = wrk(cached, path)
        with ServeScript({**env, "PAGE_CACHE_EXCLUDED_PREFIXES": "/"}) as rendered:
            get(rendered, SEED_POST)
            assert get(rendered, SEED_POST)[1]["X-Page-Cache"] == "bypass"
            results[RENDERED] = wrk(rendered, SEED_POST)
        with ServeScript({**env, "PAGE_CACHE_SECONDS": "0"}) as cold:
            get(cold, SEED_POST)
            results[RENDERED_COLD] = wrk(cold, SEED_POST)
        queries = rendered_post_queries(env, ["/"])
        cold_queries = rendered_post_queries(env, [], page_cache_seconds=0)
    return results, queries, cold_queries


def report(results, queries, cold_queries, args):
    """Write BENCHMARKS.md (`args.output`) and print it; whether every target was met."""
    static_rps = results[STATIC_FILE].requests_per_second
    cached_post = results[CACHED_POST].requests_per_second
    rendered_post = results[RENDERED].requests_per_second
    targets = [
        (
            "cached post ≥ 50% of the static file",
            f"{cached_post / static_rps:.0%}",
            cached_post >= static_rps / 2,
        ),
        (
            f"rendered post ≥ 2× bakerydemo's {BAKERYDEMO_POST_RPS} requests/s",
            f"{rendered_post:,.0f} requests/s",
            rendered_post >= 2 * BAKERYDEMO_POST_RPS,
        ),
        ("rendered post ≤ 12 queries", f"{queries} queries", queries <= 12),
    ]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m benchmarks.serving`) on "
        f"{datetime.date.today():%Y-%m-%d}, commit `{commit or 'unknown'}`. One run on one "
        f"machine ({os.cpu_count()} CPUs): gunicorn with {os.environ.get('WEB_CONCURRENCY', 2)} "
        "sync workers and the production settings, PostgreSQL and Redis on the same machine, "
        f"the demo content; `wrk -t2 -c{args.connections} -d{args.duration}s --latency` on "
        "loopback, one figure at a time (wrk shares the CPUs with the server).",
        "",
        "| What | Requests/s | p50 | p99 | Ratio to the static file | Non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in FIGURES:
        result = results[name]
        rps = result.requests_per_second
        lines.append(
            f"| {name} | {rps:,.0f} | {result.p50_ms:.1f} ms | {result.p99_ms:.1f} ms "
            f"| {rps / static_rps:.0%} | {result.non_2xx_or_3xx} |"
        )
    lines += [
        "",
        f"Rendered seed post: {queries} database queries with the page cache bypassed (its "
        "meta, content, body, sidebar and blog-index fragments warm for the current content "
        "version: how every page is rendered for a logged-in editor, and for readers between "
        f"two changes); {cold_queries} from scratch (the first render after a change).",
        "",
        "| Target | Measured | Met |",
        "| --- | ---: | --- |",
        *[f"| {target} | {value} | {'yes' if met else 'no'} |" for target, value, met in targets],
        "",
        f"The bakerydemo figure ({BAKERYDEMO_POST_RPS} requests/s for a blog post with 2 "
        "gunicorn workers on 2 cores) is the issue's reference for this kind of machine; it was "
        "not re-measured in this run.",
        "",
    ]
    Path(args.output).write_text("\n".join(lines))
    print("\n".join(lines))
    return all(met for *_, met in targets)


def main(argv=None):
    args = parse_args(argv)
    reason = unavailable()
    if reason:
        print(f"skipped: {reason}")
        return 0
    try:
        report(*measure(args), args)
    except ServerError as error:
        sys.exit(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
