"""What `make bench` and `make loadtest` run, one module per benchmark, plus what they share.

- `servers`: every server a benchmark starts (gunicorn with any WSGI app, `make serve`, a
  throwaway PostgreSQL database, private PostgreSQL, Redis and mail servers), the environment
  they get, and `manage()`; `wrk`: wrk against a URL, parsed; `cpu`: CPU time while it runs.
- `demo_site`: the demo content's pages and the whitepaper gate's form, as clients see them.
- Benchmarks: `linking`, `post_page_queries`, `related_posts` (in-process), `gate_submissions`,
  `serving` (writes BENCHMARKS.md), and the `loadtest` package. Project code (blog, glossary,
  whitepapers) is imported only by those modules, `demo_site` and `loadtest/reader_paths`;
  code that must run in the app's environment is a module run with `python -m`
  (`rendered_queries`, `loadtest.reader_paths`).
"""
