"""`make loadtest`: mixed traffic against `make serve` on PostgreSQL, then three faults.

Starts a private PostgreSQL cluster, a private Redis, an SMTP sink (in this process) and
`config/serve.sh` (gunicorn, production settings) on free loopback ports, with the demo content
in a new database, and drives it with wrk (`loadtest.lua`: readers on posts, the index, tags and
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
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .serving_support import (
    fetch,
    findings_in,
    free_port,
    fresh_stamps,
    open_gate,
    write_stamp_files,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LUA_SCRIPT = Path(__file__).with_suffix(".lua")
DATABASE = "loadtest"
SEED_POST = "/defining-digitalization-industry-40-or-internet-things/"
GATE_SLUG = "whitepaper-hadoop-2"
GATE_PATH = f"/{GATE_SLUG}/"
EMAIL_DOMAIN = "loadtest.example.com"
# The gate refuses forms sent sooner than this after they were shown (the default setting).
MIN_FILL_SECONDS = 3
# Longer than any answer should take: wrk stops after the clients, with nothing in flight.
STOP_MARGIN_SECONDS = 5
# Form stamps minted per client and second (a stamp is good for one submission): far more
# than the gate submissions a client sends, one in --gate-every requests.
STAMPS_PER_CLIENT_SECOND = 50
# Share of reader requests per kind of page (per cent). A search for a word no page holds is
# never in the page cache, so those readers always need the database (`{random}` becomes a new
# word per request).
READER_MIX = {
    "seed post": 25,
    "posts": 25,
    "index": 15,
    "tags": 10,
    "glossary": 5,
    "terms": 15,
    "search": 5,
}
SEARCH_PATH = "/search/?q=hadoop+{random}"
# A fault starts this long into its run and lasts this long.
FAULT_AFTER_SECONDS = 5
REDIS_DOWN_SECONDS = 8
POSTGRES_DOWN_SECONDS = 5
# Readers and submissions must succeed again this soon after a server is back.
RECOVERY_SECONDS = 10
# Answers this close to a stop or start are in flight across it: no window check counts them.
EDGE_SECONDS = 0.5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of phase A (60)")
    parser.add_argument(
        "--fault-seconds", type=int, default=20, help="seconds of load in phases B and C (20)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--gate-every", type=int, default=10, help="every n-th is a POST (10)")
    parser.add_argument("--mails", type=int, default=20, help="submissions in phase D (20)")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1)),
        help="gunicorn workers (WEB_CONCURRENCY, else 2 x CPUs)",
    )
    parser.add_argument(
        "--phases", default="ABCD", help="which phases to run, e.g. AC (default ABCD)"
    )
    parser.add_argument(
        "--keep-logs",
        action="store_true",
        help="keep the logs (server, wrk, PostgreSQL, Redis) in the temporary folder",
    )
    args = parser.parse_args(argv)
    shortest = FAULT_AFTER_SECONDS + REDIS_DOWN_SECONDS + 3
    if args.fault_seconds < shortest:
        parser.error(f"--fault-seconds must be at least {shortest}")
    return args


def postgres_bin():
    configured = os.environ.get("LOADTEST_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/nonexistent")


def missing_tool():
    """What this machine lacks to run the load test, or ""."""
    if not shutil.which("wrk"):
        return "wrk not found (Debian: apt-get install wrk)"
    if not shutil.which("redis-server"):
        return "redis-server not found (Debian: apt-get install redis-server)"
    if not (postgres_bin() / "initdb").exists():
        return "PostgreSQL's initdb not found (set LOADTEST_PG_BIN, or apt-get install postgresql)"
    if not (BIN / "gunicorn").exists():
        return f"gunicorn is not installed in {BIN.parent}: run `make install`"
    return ""


# --- Private servers -------------------------------------------------------------------------


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free loopback port, trust authentication.

    Run as root, its commands run as the `postgres` user (initdb refuses root).
    """

    def __init__(self, workdir):
        self.home = workdir / "postgres"
        self.data = self.home / "data"
        self.sockets = self.home / "sockets"
        self.log = self.home / "postgres.log"
        self.port = free_port()
        self.bin = postgres_bin()
        self.running = False

    def _run(self, *command):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own tools with our arguments
            command, cwd=self.home, capture_output=True, text=True, timeout=120
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def create(self):
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            for path in (self.home, self.sockets):
                shutil.chown(path, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--locale=C", "--no-sync", "--no-instructions"),
        )

    def start(self):
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60"),
            "start",
        )
        self.running = True

    def stop(self, mode="fast"):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def version(self):
        import psycopg

        with psycopg.connect(self.url("postgres")) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]

    def close(self):
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")


class PrivateRedis:
    """A redis-server on a free loopback port, without persistence."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log = workdir / "redis.log"
        self.process = None

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - redis-server from PATH
                [
                    shutil.which("redis-server"),
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def answers(self):
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection,
        ):
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
        return False

    def version(self):
        result = subprocess.run(  # noqa: S603 - redis-server from PATH
            [shutil.which("redis-server"), "--version"], capture_output=True, text=True
        )
        match = re.search(r"v=(\S+)", result.stdout)
        return match.group(1) if match else "?"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    close = stop


class SmtpSink:
    """A mail server on a free loopback port that accepts every message and counts its
    recipients; while `refusing` is set it answers every connection with 554 instead."""

    def __init__(self):
        self.port = free_port()
        self.refusing = False
        self.recipients = Counter()
        self._lock = threading.Lock()
        self._server = None

    def start(self):
        sink = self

        class Session(socketserver.StreamRequestHandler):
            timeout = 30

            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                if sink.refusing:
                    self.reply("554 5.3.2 loadtest sink: not accepting mail")
                    return
                self.reply("220 loadtest sink")
                recipients = []
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip()
                    verb = command[:4].upper()
                    if verb == "RCPT":
                        recipients.append(command.partition("<")[2].rstrip(">").lower())
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            pass
                        if not data:
                            return
                        sink.accept(recipients)
                        recipients = []
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    elif verb == "MAIL":
                        recipients = []
                    self.reply("250 ok")

        server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Session)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server

    def accept(self, recipients):
        with self._lock:
            self.recipients.update(recipients)

    def received(self, domain):
        """How many mails each address at `domain` received."""
        with self._lock:
            return Counter(
                {to: n for to, n in self.recipients.items() if to.endswith(f"@{domain}")}
            )

    def close(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class Server:
    """`make serve` (config/serve.sh: migrate, collectstatic, gunicorn) in its own process
    group, so that it and its workers stop together."""

    def __init__(self, env, log_path):
        self.env = env
        self.port = int(env["PORT"])
        self.log_path = log_path
        self.process = None

    def start(self):
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the project's own script
                ["bash", "config/serve.sh"],  # noqa: S607
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve stopped at start:\n{self.log_path.read_text()}")
            with contextlib.suppress(OSError):
                if fetch(self.port, "/health/", timeout=5)[0] == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not answer:\n{self.log_path.read_text()}")
            time.sleep(0.25)

    def log_size(self):
        return self.log_path.stat().st_size

    def stop(self):
        if self.process is None:
            return
        # SIGTERM lets each worker finish the request it holds.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


# --- The site --------------------------------------------------------------------------------


def server_env(workdir, postgres, redis, sink, workers):
    """What `make serve` gets: production settings pointed at the private servers."""
    env = dict(os.environ)
    for name in ("GUNICORN_CMD_ARGS", "WHITEPAPERS_MIN_FILL_SECONDS", "EMAIL_TIMEOUT"):
        env.pop(name, None)  # no access log; the defaults the gate ships with
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        # One key for manage.py and the server (serve.sh keeps a given SECRET_KEY).
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=postgres.url(DATABASE),
        CACHE_URL=f"redis://127.0.0.1:{redis.port}/0",
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        PORT=str(free_port()),
        WEB_CONCURRENCY=str(workers),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        # One address (127.0.0.1) sends everything: only the per-address limit stays real.
        WHITEPAPERS_RATE_LIMIT_PER_IP="1000000/3600",
        DEMO_PASSWORD=secrets.token_urlsafe(16),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    """Run manage.py with the server's environment; its output."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_site(env):
    """The database serve.sh would create, migrated, with the demo content."""
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "config.ensure_database"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"config.ensure_database failed:\n{result.stdout}{result.stderr}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content", "--quiet-passwords")


READER_PATHS_SCRIPT = """
import json
from blog.models import BlogIndexPage, BlogPageTag
from glossary.models import GlossaryIndexPage, GlossaryTerm
index = BlogIndexPage.objects.live().public().first()
glossary = GlossaryIndexPage.objects.live().public().first()
posts = index.posts()
tags = sorted(set(
    BlogPageTag.objects.filter(content_object__in=posts).values_list("tag__slug", flat=True)
))
terms = GlossaryTerm.objects.filter(live=True).order_by("name").values_list("slug", flat=True)
print(json.dumps({
    "posts": [post.get_url() for post in posts],
    "index": [index.get_url()],
    "tags": [index.get_url() + index.reverse_subpage("by_tag", args=[tag]) for tag in tags],
    "glossary": [glossary.get_url()] if glossary else [],
    "terms": [glossary.term_url(slug) for slug in terms] if glossary else [],
}))
"""


def reader_paths(env):
    """{kind of page: [paths]} of what readers can find on the demo site."""
    found = json.loads(manage(env, "shell", "-c", READER_PATHS_SCRIPT).strip().splitlines()[-1])
    if SEED_POST not in found["posts"]:
        raise RuntimeError(f"The demo content has no post {SEED_POST}.")
    found["posts"].remove(SEED_POST)
    found["seed post"] = [SEED_POST]
    found["search"] = [SEARCH_PATH]
    return {kind: paths for kind, paths in found.items() if paths}


def write_reader_mix(paths_by_kind, path):
    """1,000 lines of paths, each kind of page as often as READER_MIX says."""
    lines = []
    for kind, share in READER_MIX.items():
        paths = paths_by_kind.get(kind, [])
        lines += [paths[i % len(paths)] for i in range(share * 10)] if paths else []
    path.write_text("\n".join(lines) + "\n")


# --- wrk and what it counted -----------------------------------------------------------------


@dataclass
class Tallies:
    """What loadtest.lua counted, per answer."""

    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)  # (kind, status, cache) -> answers
    timeline: list = field(default_factory=list)  # (time, kind, status, cache, answers)
    accepted: list = field(default_factory=list)  # addresses answered 303
    refused: list = field(default_factory=list)  # (address, status) of other answers
    unanswered: list = field(default_factory=list)  # (kind, path or address)
    errors: Counter = field(default_factory=Counter)  # (status, path) -> answers >= 500
    samples: dict = field(default_factory=dict)  # status -> "kind path body…"
    numbers: dict = field(default_factory=dict)  # socket errors, latency percentiles

    def statuses(self, kind):
        found = Counter()
        for (k, status, _), count in self.counts.items():
            if k == kind:
                found[status] += count
        return found

    def caches(self, kind="read"):
        found = Counter()
        for (k, _, cache), count in self.counts.items():
            if k == kind:
                found[cache] += count
        return found

    @property
    def answers(self):
        return sum(self.counts.values())

    @property
    def socket_errors(self):
        return {
            kind: self.numbers.get(f"error_{kind}", 0)
            for kind in ("connect", "read", "write", "timeout")
            if self.numbers.get(f"error_{kind}", 0)
        }

    def between(self, start, end):
        """(kind, status, cache) -> answers received from `start` to `end` (epoch seconds)."""
        found = Counter()
        for at, kind, status, cache, count in self.timeline:
            if start <= at < end:
                found[(kind, status, cache)] += count
        return found


def read_tallies(path):
    tallies = Tallies()
    for line in path.read_text().splitlines():
        key, _, rest = line.partition(" ")
        if key == "count":
            kind, status, cache, count = rest.split()
            tallies.counts[(kind, int(status), cache)] += int(count)
        elif key == "time":
            tenth, kind, status, cache, count = rest.split()
            tallies.timeline.append((int(tenth) / 10, kind, int(status), cache, int(count)))
        elif key == "accepted":
            tallies.accepted.append(rest)
        elif key == "refused":
            email, status = rest.split()
            tallies.refused.append((email, int(status)))
        elif key == "unanswered":
            tallies.unanswered.append(tuple(rest.split(" ", 1)))
        elif key == "error":
            status, path, count = rest.split()
            tallies.errors[(int(status), path)] += int(count)
        elif key == "sample":
            status, _, text = rest.partition(" ")
            tallies.samples[int(status)] = text
        else:
            tallies.numbers[key] = int(rest)
    tallies.seconds = tallies.numbers.get("elapsed_us", 0) / 1e6
    return tallies


class Traffic:
    """One wrk run of loadtest.lua in the background: start it, do things, then `finish()`."""

    def __init__(self, context, tag, seconds):
        self.report = context.workdir / f"wrk-{tag}.txt"
        self.domain = f"{tag}.{EMAIL_DOMAIN}"
        args = context.args
        stamps = write_stamp_files(
            context.stamp,
            context.env["SECRET_KEY"],
            str(context.workdir / f"stamps-{tag}-"),
            args.clients,
            (seconds + STOP_MARGIN_SECONDS) * STAMPS_PER_CLIENT_SECOND,
        )
        self.process = subprocess.Popen(  # noqa: S603 - wrk from PATH with our arguments
            [
                shutil.which("wrk"),
                f"--threads={args.clients}",
                f"--connections={args.clients}",
                f"--duration={seconds + STOP_MARGIN_SECONDS}s",
                "--timeout=30s",
                f"--script={LUA_SCRIPT}",
                f"http://127.0.0.1:{context.port}/",
                "--",
                tag,
                self.domain,
                context.form,
                context.cookie,
                str(self.report),
                str(seconds),
                str(context.reader_mix),
                GATE_PATH,
                str(args.gate_every),
                stamps,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.started_at = time.time()

    def finish(self):
        output, _ = self.process.communicate(timeout=600)
        if self.process.returncode or not self.report.exists():
            raise RuntimeError(f"wrk failed:\n{output}")
        return read_tallies(self.report)

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


# --- What the database holds -----------------------------------------------------------------


def stored_submissions(database_url, domain):
    """({address: (leads, sum of request_count)}, {address: [(status, attempts, error)]}) of
    the download mails, for the addresses at `domain`."""
    import psycopg

    pattern = f"%@{domain}"
    with psycopg.connect(database_url) as connection:
        leads = connection.execute(
            "SELECT lower(l.email), count(*), sum(l.request_count) FROM whitepapers_lead l "
            "JOIN wagtailcore_page p ON p.id = l.whitepaper_id "
            "WHERE p.slug = %s AND lower(l.email) LIKE %s GROUP BY lower(l.email)",
            (GATE_SLUG, pattern),
        ).fetchall()
        deliveries = connection.execute(
            "SELECT lower(l.email), d.status, d.attempts, d.last_error "
            "FROM whitepapers_delivery d JOIN whitepapers_lead l ON l.id = d.lead_id "
            "WHERE d.kind = 'download_mail' AND lower(l.email) LIKE %s",
            (pattern,),
        ).fetchall()
    mails = {}
    for email, status, attempts, error in deliveries:
        mails.setdefault(email, []).append((status, attempts, error))
    return {email: (rows, requests) for email, rows, requests in leads}, mails


def make_pending_mails_due(database_url, domain):
    """Pending mails for `domain` due now, unclaimed: what the retry delays and the claim's
    expiry would give after a while, without waiting for them."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "UPDATE whitepapers_delivery d SET next_attempt_at = now(), claimed_until = NULL "
            "FROM whitepapers_lead l WHERE l.id = d.lead_id AND d.status = 'pending' "
            "AND lower(l.email) LIKE %s",
            (f"%@{domain}",),
        ).rowcount


# --- Checks and the report -------------------------------------------------------------------


@dataclass
class Phase:
    """One phase of the report: its traffic (if wrk ran), checks and notes."""

    name: str
    tallies: Tallies | None = None
    checks: list = field(default_factory=list)  # (label, ok, details)
    notes: list = field(default_factory=list)

    def check(self, label, ok, details=""):
        self.checks.append((label, bool(ok), details))
        return ok


def statuses_text(counter):
    return ", ".join(f"{status}: {count:,}" for status, count in sorted(counter.items())) or "–"


def check_traffic(phase, tallies, allow_503=False):
    """No 5xx (or only 503, where allowed) and no dropped connections."""
    answers = Counter()
    for (_, status, _), count in tallies.counts.items():
        answers[status] += count
    bad = {s: n for s, n in answers.items() if s >= 500 and not (allow_503 and s == 503)}
    where = ", ".join(f"{s} {path} x{n}" for (s, path), n in tallies.errors.most_common(5))
    label = "no 5xx but 503" if allow_503 else "no 5xx"
    phase.check(
        label,
        not bad,
        f"{sum(bad.values()):,} of {tallies.answers:,} answers" + (f": {where}" if bad else ""),
    )
    errors = tallies.socket_errors
    phase.check(
        "no dropped connections or timeouts",
        not errors,
        f"wrk socket errors: {errors or 'none'}",
    )


def check_submissions(phase, accepted, refused, unanswered, database_url, domain):
    """Every address answered 303 is one lead with request_count 1 and one confirmation mail
    queued; addresses answered otherwise left nothing. ({address: leads}, {address: mails})."""
    leads, mails = stored_submissions(database_url, domain)
    accepted = set(accepted)
    refused_addresses = {email for email, _ in refused}
    lost = sorted(email for email in accepted if email not in leads)
    duplicated = sorted(
        email for email, (rows, requests) in leads.items() if rows > 1 or requests > 1
    )
    counted = sum(leads.get(email, (0, 0))[1] for email in accepted)
    phase.check(
        "every submission answered 303 stored exactly once",
        not lost and not duplicated and counted == len(accepted),
        f"{len(accepted):,} answered 303, sum(request_count) {counted:,}; lost {len(lost)}, "
        f"duplicated {len(duplicated)}"
        + (f" (e.g. {(lost + duplicated)[0]})" if lost or duplicated else ""),
    )
    stored_refused = sorted(refused_addresses & set(leads))
    unexplained = sorted(set(leads) - accepted - refused_addresses - set(unanswered))
    phase.check(
        "no lead from a submission answered otherwise",
        not stored_refused and not unexplained,
        f"{len(refused_addresses):,} answered otherwise, {len(stored_refused)} of them stored; "
        f"{len(unexplained)} leads nobody was told about; "
        f"{len(set(unanswered) & set(leads))} of {len(set(unanswered))} unanswered stored",
    )
    missing_mail = sorted(email for email in accepted if len(mails.get(email, [])) != 1)
    phase.check(
        "a confirmation mail queued for every one",
        not missing_mail,
        f"{sum(len(mails.get(email, [])) == 1 for email in accepted):,} of {len(accepted):,} "
        "with exactly one Delivery row",
    )
    return leads, mails


def check_mails_received(phase, accepted, sink, domain, mails, exactly_once=True):
    """Every address got its mail (exactly once, unless a fault may have repeated it) and its
    Delivery row says sent."""
    received = sink.received(domain)
    got = sum(1 for email in set(accepted) if received[email] >= 1)
    twice = sum(1 for email in set(accepted) if received[email] > 1)
    sent = sum(1 for email in set(accepted) if [m[0] for m in mails.get(email, [])] == ["sent"])
    phase.check(
        "every confirmation mail received by the SMTP server",
        got == len(set(accepted)) and sent == got and (twice == 0 or not exactly_once),
        f"{got:,} of {len(set(accepted)):,} addresses received it, {twice} twice; "
        f"{sent:,} Delivery rows sent",
    )
    if twice and not exactly_once:
        phase.notes.append(
            f"{twice} of the addresses received their mail twice: the mail went out, then "
            "marking it sent failed as the database went down (`send_delivery` in the server "
            "log), so it was sent again once its claim had expired."
        )


INTERNAL_ERROR = re.compile(r"Internal Server Error: (\S+)")
GUNICORN_TROUBLE = (
    "WORKER TIMEOUT",
    "Error handling request",
    "was sent SIGKILL",
    "exited with code",
)
# The last line of a traceback: "KeyError: 'x'", "psycopg.errors.AdminShutdown: …".
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |$)")


def traceback_end(lines):
    """The exception a traceback at the start of `lines` ended with, and where it was raised."""
    where = ""
    for line in lines[:200]:
        if line.startswith('  File "'):
            where = line.strip()
        elif EXCEPTION_LINE.match(line):
            return f"{line.strip()[:200]} ({where[:200]})"
    return ""


def server_log_problems(lines):
    """[(what, excerpt)] of 500s and gunicorn troubles in the log lines, with the exception
    that ended each traceback."""
    problems = []
    for number, line in enumerate(lines):
        match = INTERNAL_ERROR.search(line)
        if match:
            problems.append((f"500 for {match.group(1)}", traceback_end(lines[number + 1 :])))
        elif any(marker in line for marker in GUNICORN_TROUBLE):
            problems.append(("gunicorn", line[:300]))
    return problems


def log_messages(lines):
    """The log's messages, without the tracebacks that follow some of them."""
    messages, in_traceback = [], False
    for line in lines:
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback:
            in_traceback = not EXCEPTION_LINE.match(line)
        elif line.strip() and not line[0].isspace():  # indented: the message goes on
            if not line.startswith(("During handling", "The above")):
                messages.append(line)
    return messages


def summarise_log(phase, lines):
    """Count the phase's log lines (warnings, tracebacks) and fail on 500s and crashes."""
    problems = server_log_problems(lines)
    phase.check(
        "server log: no 500, no worker crash or timeout",
        not problems,
        "; ".join(f"{what}: {excerpt}" for what, excerpt in problems[:3]) or "none",
    )
    heads = Counter(re.sub(r"(?<![\w-])\d+", "N", line)[:160] for line in log_messages(lines))
    if heads:
        top = "; ".join(f"{n} x `{text}`" for text, n in heads.most_common(3))
        phase.notes.append(f"Server log: {sum(heads.values()):,} messages, most often {top}.")


def report(context, phases):
    tools = context.versions
    lines = [
        "# Load test: `make serve` under mixed traffic and faults",
        "",
        f"`config/serve.sh`: gunicorn, {context.args.workers} workers, production settings; "
        f"private PostgreSQL {tools['postgres']} and Redis {tools['redis']}, an SMTP sink; "
        f"wrk with {context.args.clients} clients, every {context.args.gate_every}th request a "
        f"gate submission to `{GATE_PATH}`. Readers: "
        + ", ".join(
            f"{kind} {share}% ({len(context.paths.get(kind, []))})"
            for kind, share in READER_MIX.items()
        )
        + ".",
        "",
        "| phase | seconds | answers | answers/s | readers: statuses | page cache hit / miss "
        "/ bypass | gate POSTs: statuses | p50 | p99 |",
        "|---|---:|---:|---:|---|---|---|---:|---:|",
    ]
    for phase in phases:
        t = phase.tallies
        if t is None:
            continue
        caches = t.caches()
        lines.append(
            f"| {phase.name} | {t.seconds:.1f} | {t.answers:,} | "
            f"{t.answers / max(t.seconds, 0.001):,.0f} | {statuses_text(t.statuses('read'))} | "
            f"{caches['hit']:,} / {caches['miss']:,} / {caches['bypass']:,} | "
            f"{statuses_text(t.statuses('gate'))} | "
            f"{t.numbers.get('latency_p50_us', 0) / 1000:.0f} ms | "
            f"{t.numbers.get('latency_p99_us', 0) / 1000:.0f} ms |"
        )
    lines += ["", "| phase | check | result | details |", "|---|---|---|---|"]
    failed = 0
    for phase in phases:
        for label, ok, details in phase.checks:
            failed += not ok
            lines.append(f"| {phase.name} | {label} | {'PASS' if ok else 'FAIL'} | {details} |")
    for phase in phases:
        if phase.notes:
            lines += ["", f"**{phase.name}**"]
            lines += [f"- {note}" for note in phase.notes]
        samples = phase.tallies.samples if phase.tallies else {}
        for status, text in sorted(samples.items()):
            if status != 503:  # expected in phase C, and its page says nothing more
                lines.append(f"- {phase.name}: first answer {status}: {text[:200]}")
    total = sum(len(phase.checks) for phase in phases)
    minutes = (time.monotonic() - context.started) / 60
    lines += [
        "",
        f"Run time, setup included: {minutes:.1f} min.",
        "",
        f"**{total - failed} of {total} checks passed**"
        + (f", {failed} FAILED." if failed else "."),
    ]
    return "\n".join(lines), not failed


# --- The phases ------------------------------------------------------------------------------


@dataclass
class Context:
    """Everything the phases share."""

    args: argparse.Namespace
    workdir: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    sink: SmtpSink
    server: Server | None = None
    env: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    reader_mix: Path | None = None
    form: str = ""
    cookie: str = ""
    stamp: str = ""
    versions: dict = field(default_factory=dict)
    run: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def port(self):
        return self.server.port

    @property
    def database_url(self):
        return self.postgres.url(DATABASE)

    def tag(self, phase):
        return f"{phase}-{self.run}"

    def log_lines(self, start, end):
        with open(self.server.log_path, "rb") as log:
            log.seek(start)
            text = log.read(end - start).decode(errors="replace")
        return findings_in(text.splitlines())

    def probe(self, path, method="GET", body=None, headers=None):
        """(status, X-Page-Cache, headers, text), or (0, error) when nothing answered."""
        try:
            status, response_headers, text = fetch(self.port, path, method, body, headers, 15)
        except OSError as error:
            return 0, type(error).__name__, {}, ""
        return status, response_headers.get("X-Page-Cache", "-"), response_headers, text

    def submit(self, email):
        [stamp] = fresh_stamps(self.stamp, self.env["SECRET_KEY"], 1)
        body = (
            f"{self.form}&stamp={stamp}&first_name=Probe&last_name=Reader"
            f"&email={quote(email, safe='')}"
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
        }
        return self.probe(GATE_PATH, "POST", body, headers)


def seconds_text(seconds):
    return "never" if seconds is None else f"{seconds:.1f} s"


def uncached_search():
    """A reader path the page cache cannot hold yet."""
    return SEARCH_PATH.replace("{random}", secrets.token_hex(4))


def sleep_until(moment):
    time.sleep(max(0.0, moment - time.time()))


def phase_mixed(context):
    """A: the main run."""
    phase = Phase("A mixed traffic")
    tag = context.tag("a")
    traffic = Traffic(context, tag, context.args.duration)
    try:
        tallies = traffic.finish()
    finally:
        traffic.kill()
    phase.tallies = tallies
    check_traffic(phase, tallies)
    reads = tallies.statuses("read")
    phase.check(
        "every reader page answered 200",
        set(reads) == {200},
        statuses_text(reads),
    )
    posts = tallies.statuses("gate")
    phase.check("every submission answered 303", set(posts) <= {303}, statuses_text(posts))
    unanswered = [what for kind, what in tallies.unanswered if kind == "gate"]
    _, mails = check_submissions(
        phase, tallies.accepted, tallies.refused, unanswered, context.database_url, traffic.domain
    )
    check_mails_received(phase, tallies.accepted, context.sink, traffic.domain, mails)
    caches = tallies.caches()
    reads_total = sum(reads.values())
    phase.notes.append(
        f"Page cache: {caches['hit'] / max(reads_total, 1):.1%} of reader pages were hits "
        f"({caches['hit']:,} hit, {caches['miss']:,} miss, {caches['bypass']:,} bypass)."
    )
    return phase


def phase_redis_stops(context):
    """B: Redis stops mid-run and comes back."""
    phase = Phase("B Redis stops")
    tag = context.tag("b")
    probe_paths = [SEED_POST, "/", *context.paths.get("terms", [])[:1]]
    traffic = Traffic(context, tag, context.args.fault_seconds)
    try:
        sleep_until(traffic.started_at + FAULT_AFTER_SECONDS)
        context.redis.stop()
        down_at = time.time()
        time.sleep(1)
        while_down = [(path, *context.probe(path)[:2]) for path in probe_paths]
        health = context.probe("/health/")
        sleep_until(down_at + REDIS_DOWN_SECONDS)
        up_begin = time.time()
        context.redis.start()
        up_at = time.time()
        # Each worker waits out its breaker (config/cache.py) before it asks Redis again.
        cached_after = healthy_after = None
        while time.time() < up_at + RECOVERY_SECONDS and None in (cached_after, healthy_after):
            if cached_after is None and context.probe(SEED_POST)[:2] == (200, "hit"):
                cached_after = time.time() - up_at
            if healthy_after is None and context.probe("/health/")[0] == 200:
                healthy_after = time.time() - up_at
            time.sleep(0.1)
        tallies = traffic.finish()
    finally:
        traffic.kill()
    phase.tallies = tallies
    check_traffic(phase, tallies)
    phase.check(
        "pages served uncached while Redis is down (direct requests)",
        all(status == 200 and cache == "bypass" for _, status, cache in while_down),
        ", ".join(f"{path} {status} {cache}" for path, status, cache in while_down),
    )
    window = tallies.between(down_at + EDGE_SECONDS, up_begin)
    reads_down = Counter({(s, c): n for (k, s, c), n in window.items() if k == "read"})
    served = sum(n for (s, _), n in reads_down.items() if s == 200)
    phase.check(
        "wrk's readers got 200 bypass while Redis was down",
        served and all(s == 200 and c == "bypass" for (s, c) in reads_down),
        f"{served:,} pages in {up_begin - down_at - EDGE_SECONDS:.1f} s: "
        + ", ".join(f"{s} {c}: {n:,}" for (s, c), n in sorted(reads_down.items())),
    )
    gate_down = Counter({s: n for (k, s, _), n in window.items() if k == "gate"})
    posts = tallies.statuses("gate")
    phase.check(
        "every submission answered 303, while Redis was down too",
        set(posts) <= {303} and set(gate_down) == {303},
        f"{statuses_text(posts)}; while down {statuses_text(gate_down)}",
    )
    health_body = health[3].replace("\n", " ")[:120]
    phase.check(
        "/health/ says 503, cache unavailable, while Redis is down",
        health[0] == 503 and '"cache": "unavailable"' in health[3],
        f"{health[0]} {health_body}",
    )
    phase.check(
        f"the cache serves again within {RECOVERY_SECONDS} s of Redis's start",
        cached_after is not None and healthy_after is not None,
        f"first hit after {seconds_text(cached_after)}, /health/ 200 after "
        f"{seconds_text(healthy_after)}",
    )
    unanswered = [what for kind, what in tallies.unanswered if kind == "gate"]
    _, mails = check_submissions(
        phase, tallies.accepted, tallies.refused, unanswered, context.database_url, traffic.domain
    )
    check_mails_received(phase, tallies.accepted, context.sink, traffic.domain, mails)
    phase.notes.append(
        f"Redis stopped {down_at - traffic.started_at:.1f} s into the run, started again "
        f"{up_at - down_at:.1f} s later (took {up_at - up_begin:.2f} s)."
    )
    return phase


def phase_postgres_restarts(context):
    """C: PostgreSQL stops (fast shutdown) mid-run and starts again."""
    phase = Phase("C PostgreSQL restarts")
    tag = context.tag("c")
    traffic = Traffic(context, tag, context.args.fault_seconds)
    probe_email = f"probe-down@{traffic.domain}"
    try:
        sleep_until(traffic.started_at + FAULT_AFTER_SECONDS)
        stop_begin = time.time()
        context.postgres.stop("fast")
        down_at = time.time()
        time.sleep(0.5)
        health = context.probe("/health/")
        cached = context.probe(SEED_POST)
        uncached = context.probe(uncached_search())
        submitted = context.submit(probe_email)
        sleep_until(down_at + POSTGRES_DOWN_SECONDS)
        start_begin = time.time()
        context.postgres.start()
        up_at = time.time()
        healthy_after, deadline = None, up_at + RECOVERY_SECONDS
        while time.time() < deadline:
            if context.probe("/health/")[0] == 200:
                healthy_after = time.time() - up_at
                break
            time.sleep(0.2)
        uncached_after = context.probe(uncached_search())
        tallies = traffic.finish()
    finally:
        traffic.kill()
    phase.tallies = tallies
    check_traffic(phase, tallies, allow_503=True)
    outside = tallies.between(0, stop_begin - EDGE_SECONDS) + tallies.between(
        up_at + RECOVERY_SECONDS, float("inf")
    )
    phase.check(
        "503 only while PostgreSQL is down or just back",
        not any(s == 503 for (_, s, _) in outside),
        f"{sum(n for (_, s, _), n in outside.items() if s == 503):,} answers 503 before the stop "
        f"or later than {RECOVERY_SECONDS} s after the start",
    )
    window = tallies.between(down_at + EDGE_SECONDS, start_begin)
    clean = {key: n for key, n in window.items() if key[1] == 503 or key[1:] == (200, "hit")}
    phase.check(
        "while down, wrk got 503 or a cached page, never 500",
        window and sum(clean.values()) == sum(window.values()),
        ", ".join(f"{k} {s} {c}: {n:,}" for (k, s, c), n in sorted(window.items())),
    )
    phase.check(
        "while down, direct requests: 503 with Retry-After, cached page from the cache",
        uncached[0] == 503
        and uncached[2].get("Retry-After")
        and submitted[0] == 503
        and (cached[0], cached[1]) in ((200, "hit"), (503, "bypass")),
        f"uncached page {uncached[0]} Retry-After {uncached[2].get('Retry-After')}; gate POST "
        f"{submitted[0]}; {SEED_POST} {cached[0]} {cached[1]}",
    )
    phase.check(
        "/health/ says 503, database unavailable, while PostgreSQL is down",
        health[0] == 503 and '"database": "unavailable"' in health[3],
        f"{health[0]} {health[3][:120]}",
    )
    after = tallies.between(up_at, float("inf"))
    last_503 = max(
        (at for at, _, status, _, _ in tallies.timeline if status == 503 and at >= up_at),
        default=None,
    )
    phase.check(
        f"requests succeed again within {RECOVERY_SECONDS} s of the start",
        healthy_after is not None
        and uncached_after[0] == 200
        and tallies_kind(after, "gate")[303]
        and (last_503 is None or last_503 < up_at + RECOVERY_SECONDS),
        (
            f"/health/ 200 after {healthy_after:.1f} s"
            if healthy_after is not None
            else "/health/ never 200"
        )
        + f", then an uncached page {uncached_after[0]}"
        + (
            f"; last 503 {last_503 - up_at:.1f} s after the start"
            if last_503
            else "; no 503 after the start"
        )
        + f"; after the start: readers {statuses_text(tallies_kind(after, 'read'))}, "
        f"submissions {statuses_text(tallies_kind(after, 'gate'))}",
    )
    refused = [*tallies.refused, (probe_email, submitted[0])]
    if submitted[0] == 303:
        refused.pop()
    accepted = tallies.accepted + ([probe_email] if submitted[0] == 303 else [])
    unanswered = [what for kind, what in tallies.unanswered if kind == "gate"]
    check_submissions(phase, accepted, refused, unanswered, context.database_url, traffic.domain)
    due = make_pending_mails_due(context.database_url, traffic.domain)
    output = manage(context.env, "send_pending_deliveries").strip().rstrip(".")
    _, mails = stored_submissions(context.database_url, traffic.domain)
    check_mails_received(phase, accepted, context.sink, traffic.domain, mails, exactly_once=False)
    gate_down = tallies_kind(window, "gate")
    phase.notes += [
        f"PostgreSQL stopped {stop_begin - traffic.started_at:.1f} s into the run "
        f"(`pg_ctl stop -m fast` took {down_at - stop_begin:.2f} s), down "
        f"{start_begin - down_at:.1f} s, `pg_ctl start` took {up_at - start_begin:.2f} s.",
        f"While down: {sum(n for (_, s, c), n in window.items() if (s, c) == (200, 'hit')):,} "
        "pages served from the page cache, "
        f"{sum(n for (_, s, _), n in window.items() if s == 503):,} answers 503; "
        f"submissions {statuses_text(gate_down)}.",
        f"{due} mails still pending afterwards were made due; send_pending_deliveries: "
        f"{output or 'no output'}.",
    ]
    return phase


def tallies_kind(window, kind):
    found = Counter()
    for (k, status, _), count in window.items():
        if k == kind:
            found[status] += count
    return found


def phase_mail_refused(context):
    """D: the mail server refuses while readers submit the form; the mails go out later."""
    phase = Phase("D mail server refuses")
    domain = f"{context.tag('d')}.{EMAIL_DOMAIN}"
    addresses = [f"m{number}@{domain}" for number in range(context.args.mails)]
    context.sink.refusing = True
    try:
        answers = Counter(context.submit(email)[0] for email in addresses)
    finally:
        context.sink.refusing = False
    phase.check(
        "every submission answered 303 while the mail server refuses",
        answers == Counter({303: len(addresses)}),
        statuses_text(answers),
    )
    leads, mails = stored_submissions(context.database_url, domain)
    kept = sum(1 for email in addresses if leads.get(email) == (1, 1))
    phase.check("leads kept", kept == len(addresses), f"{kept} of {len(addresses)} stored once")
    waiting = [
        email
        for email in addresses
        if [(m[0], m[1] >= 1, bool(m[2])) for m in mails.get(email, [])]
        == [("pending", True, True)]
    ]
    example = next((m[0][2] for m in mails.values() if m and m[0][2]), "")
    phase.check(
        "mails pending after a failed attempt",
        len(waiting) == len(addresses) and not context.sink.received(domain),
        f"{len(waiting)} of {len(addresses)} pending with attempts >= 1 and the error kept "
        f"(`{example[:80]}`); {sum(context.sink.received(domain).values())} received",
    )
    due = make_pending_mails_due(context.database_url, domain)
    output = manage(context.env, "send_pending_deliveries").strip().rstrip(".")
    _, mails = stored_submissions(context.database_url, domain)
    check_mails_received(phase, addresses, context.sink, domain, mails)
    phase.notes.append(
        f"{due} pending mails made due, then send_pending_deliveries with the server back: "
        f"{output or 'no output'}."
    )
    return phase


PHASES = {
    "A": phase_mixed,
    "B": phase_redis_stops,
    "C": phase_postgres_restarts,
    "D": phase_mail_refused,
}


def check_reader_paths(context, phase):
    """Every path in the mix answers 200 (which also puts it in the page cache)."""
    wrong = []
    for paths in context.paths.values():
        for path in paths:
            status = context.probe(path.replace("{random}", secrets.token_hex(4)))[0]
            if status != 200:
                wrong.append(f"{path} {status}")
    phase.check(
        "every reader URL answers 200 before the run",
        not wrong,
        f"{sum(map(len, context.paths.values()))} URLs"
        + (f"; {', '.join(wrong[:5])}" if wrong else ""),
    )


def run_load_test(args):
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    workdir.chmod(0o711)  # the postgres user needs to reach its own directory inside
    context = Context(
        args=args,
        workdir=workdir,
        postgres=PrivatePostgres(workdir),
        redis=PrivateRedis(workdir),
        sink=SmtpSink(),
        run=secrets.token_hex(3),
    )
    phases = []
    try:
        context.postgres.create()
        context.postgres.start()
        context.redis.start()
        context.sink.start()
        context.versions = {
            "postgres": context.postgres.version(),
            "redis": context.redis.version(),
        }
        context.env = server_env(
            workdir, context.postgres, context.redis, context.sink, args.workers
        )
        prepare_site(context.env)
        context.paths = reader_paths(context.env)
        context.reader_mix = workdir / "reader-paths.txt"
        write_reader_mix(context.paths, context.reader_mix)
        context.server = Server(context.env, workdir / "server.log")
        context.server.start()
        setup = Phase("setup")
        check_reader_paths(context, setup)
        context.form, context.cookie, context.stamp = open_gate(context.port, GATE_PATH)
        time.sleep(MIN_FILL_SECONDS + 0.5)  # as a reader filling in the form
        phases.append(setup)
        for letter in args.phases.upper():
            start = context.server.log_size()
            try:
                phase, crashed = PHASES[letter](context), None
            except Exception as error:  # noqa: BLE001 - reported with the phases before it
                phase, crashed = Phase(f"{letter} (stopped)"), error
                phase.check("ran to the end", False, f"{type(error).__name__}: {error}"[:300])
            summarise_log(phase, context.log_lines(start, context.server.log_size()))
            phases.append(phase)
            if crashed:
                break  # the servers' state is unknown: later phases would prove nothing
        return report(context, phases)
    finally:
        if context.server:
            context.server.stop()
        context.sink.close()
        context.redis.close()
        context.postgres.close()
        if args.keep_logs:
            shutil.rmtree(context.postgres.data, ignore_errors=True)
            for name in ("static", "media"):
                shutil.rmtree(workdir / name, ignore_errors=True)
            print(f"Logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(argv)
    reason = missing_tool()
    if reason:
        print(f"Cannot run the load test: {reason}.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    text, ok = run_load_test(args)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
