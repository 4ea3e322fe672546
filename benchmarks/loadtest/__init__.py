"""`make loadtest`: mixed traffic against `make serve` on PostgreSQL, then three faults.

Starts a private PostgreSQL cluster, a private Redis, an SMTP sink (in this process) and
`config/serve.sh` (gunicorn, production settings) on free loopback ports, with the demo content
in a new database, and drives it with wrk (`traffic.lua`: readers on posts, the index, tags and
the glossary; every 10th request a gate submission with a new address):

A. mixed traffic: no 5xx; every submission answered 303 stored exactly once, its confirmation
   mail queued (a Delivery row) and received by the SMTP sink;
B. Redis stops mid-run: pages are still served, uncached (`X-Page-Cache: bypass`), /health/
   answers 503, and the cache serves again once Redis is back;
C. PostgreSQL restarts mid-run: 503 (never 500) while it is down (pages in the cache may still
   be served), success again within seconds, no lead lost or duplicated, every mail sent once
   `send_pending_deliveries` has run;
D. the mail server refuses: every submission is still answered 303 and its lead kept, the mails
   stay pending and go out when `send_pending_deliveries` runs with the server back.

Prints a markdown report; exits 1 when a check fails, 2 when a tool is missing (wrk,
redis-server, PostgreSQL's initdb). Everything listens on 127.0.0.1 and is removed afterwards;
the machine's own PostgreSQL and Redis are never touched.
Environment: LOADTEST_PG_BIN (PostgreSQL's bin directory; default the newest
/usr/lib/postgresql/*/bin), WEB_CONCURRENCY (gunicorn workers, default 2 x CPUs).
Run: python -m benchmarks.loadtest [--duration 60] [--fault-seconds 20] [--clients 20]

The modules, by concern: `stack` (the servers it runs against, their environment, what the
phases share), `traffic` (wrk and what it counted; `reader_paths` lists the pages in the app's
environment), `phases` (A, then the faults B–D), `checks` (status codes, leads and mails in the
database), `report` (the markdown and the server log's summary); `__main__` runs them in order.
The servers themselves are `benchmarks.servers`'.
"""
