"""Whitepaper gate submissions per second and POST latency with 20 concurrent clients.

Serves the app as in production (gunicorn, production settings, PostgreSQL, the Redis cache,
mail written to files) from a throwaway database with the demo content, drives the gate of
`/whitepaper-hadoop-2/` with wrk (`gate_submissions.lua`, one wrk thread per client), then
checks the database: every address answered 303 is one lead, every accepted POST counted once,
with its submission event and its mail.

Skips (exit 0) when PostgreSQL, Redis or wrk is missing; exits 1 when a lead was lost or
duplicated or a POST was answered anything but 303.
Environment: BENCH_POSTGRES_URL (a server database to connect to, default
postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/14), WEB_CONCURRENCY (gunicorn workers, default 2 x CPUs); CONN_MAX_AGE
is passed on to the server.
Run: python -m benchmarks.gate_submissions [--duration 20] [--clients 20] [--mail file|dummy]
"""

import argparse
import os
import resource
import secrets
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .cpu import machine_cpu_share, sampling_machine_cpu, workers_cpu_seconds
from .demo_site import (
    GATE_PATH,
    GATE_SLUG,
    MIN_FILL_SECONDS,
    load_demo_site,
    open_gate,
    write_stamp_files,
)
from .servers import (
    Gunicorn,
    ServerError,
    postgres_unreachable,
    production_env,
    redis_unreachable,
    throwaway_database,
)
from .wrk import WrkScript, wrk_missing

LUA_SCRIPT = Path(__file__).with_suffix(".lua")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "blog_bench_gate"
WARMUP_SECONDS = 2
# Longer than any answer should take: wrk stops after the clients, with nothing in flight.
STOP_MARGIN_SECONDS = 5
EMAIL_DOMAIN = "bench.example.com"
# Form stamps minted per client and second of load: far more than a client can send (a
# stamp is good for one submission; a client that runs out stops and the report says so).
STAMPS_PER_CLIENT_SECOND = 200


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument(
        "--mail",
        choices=["file", "dummy"],
        default="file",
        help="mail backend: files in a temporary folder (default) or Django's dummy backend",
    )
    return parser.parse_args(argv)


def unavailable():
    """Why this machine cannot run the benchmark, or "" when it can."""
    return postgres_unreachable(POSTGRES_URL) or redis_unreachable(REDIS_URL) or wrk_missing()


def server_env(database_url, workdir, mail):
    """Production settings pointed at the bench database, the Redis cache and `workdir`."""
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    return production_env(
        database_url=database_url,
        cache_url=REDIS_URL,
        email_url=f"filemail://{mail_dir}" if mail == "file" else "dummymail://",
        static_root=workdir / "static",
        WHITEPAPERS_MIN_FILL_SECONDS=str(MIN_FILL_SECONDS),
        MEDIA_ROOT=workdir / "media",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        # One address (127.0.0.1) sends everything: only the per-address limit stays real.
        WHITEPAPERS_RATE_LIMIT_PER_IP="1000000/3600",
        DEMO_PASSWORD=secrets.token_urlsafe(16),
    )


def run_wrk(server, form, clients, seconds, tag, workdir, clean_stop=True):
    """Drive the gate of `server` for `seconds`; wrk's tallies (see gate_submissions.lua) as a
    dict.

    `form` is what `open_gate` returned: each client gets its own file of fresh form stamps,
    signed with the server's SECRET_KEY. With `clean_stop` each client stops after the answer
    that ends its time, and wrk gets STOP_MARGIN_SECONDS more so that it never cuts a request
    short.
    """
    report_path = workdir / f"wrk-{tag}.txt"
    stamps = write_stamp_files(
        form.stamp,
        server.env["SECRET_KEY"],
        str(workdir / f"stamps-{tag}-"),
        clients,
        (seconds + STOP_MARGIN_SECONDS) * STAMPS_PER_CLIENT_SECOND,
    )
    WrkScript(
        server.url(GATE_PATH),
        LUA_SCRIPT,
        [
            tag,
            f"{tag}.{EMAIL_DOMAIN}",
            form.fields,
            form.cookie,
            report_path,
            seconds if clean_stop else 0,
            stamps,
        ],
        connections=clients,
        duration=seconds + STOP_MARGIN_SECONDS if clean_stop else seconds,
        report_path=report_path,
    ).run()
    return read_tallies(report_path)


def read_tallies(path):
    """The lines done() wrote in gate_submissions.lua, as counters and numbers."""
    tallies = {"statuses": Counter(), "accepted": Counter(), "unanswered": Counter(), "samples": []}
    for line in path.read_text().splitlines():
        key, _, rest = line.partition(" ")
        if key == "status":
            status, count = rest.split()
            tallies["statuses"][int(status)] += int(count)
        elif key in ("accepted", "unanswered"):
            email, _, count = rest.partition(" ")
            tallies[key][email] += int(count or 1)
        elif key == "sample":
            tallies["samples"].append(rest)
        elif key == "out_of_stamps":
            tallies[key] = tallies.get(key, 0) + int(rest)
        else:
            tallies[key] = int(rest)
    return tallies


def database_figures(database_url, tag):
    """What the database holds for this run's addresses."""
    import psycopg

    domain = f"%@{tag}.{EMAIL_DOMAIN}"
    with psycopg.connect(database_url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
        leads = connection.execute(
            "SELECT lower(l.email), count(*), sum(l.request_count) FROM whitepapers_lead l "
            "JOIN wagtailcore_page p ON p.id = l.whitepaper_id "
            "WHERE p.slug = %s AND lower(l.email) LIKE %s GROUP BY lower(l.email)",
            (GATE_SLUG, domain),
        ).fetchall()
        events = connection.execute(
            "SELECT count(*) FROM whitepapers_gateevent e "
            "JOIN whitepapers_lead l ON l.id = e.lead_id "
            "WHERE e.kind = 'submission' AND e.whitepaper_id = l.whitepaper_id "
            "AND lower(l.email) LIKE %s",
            (domain,),
        ).fetchone()[0]
        deliveries = connection.execute(
            "SELECT d.kind, d.status, count(*) FROM whitepapers_delivery d "
            "JOIN whitepapers_lead l ON l.id = d.lead_id "
            "WHERE lower(l.email) LIKE %s GROUP BY d.kind, d.status",
            (domain,),
        ).fetchall()
        last_error = connection.execute(
            "SELECT d.last_error FROM whitepapers_delivery d "
            "JOIN whitepapers_lead l ON l.id = d.lead_id "
            "WHERE lower(l.email) LIKE %s AND d.last_error <> '' LIMIT 1",
            (domain,),
        ).fetchone()
    return {
        "version": version,
        "leads": {email: (rows, requests) for email, rows, requests in leads},
        "events": events,
        "deliveries": Counter({(kind, status): count for kind, status, count in deliveries}),
        "last_error": last_error[0] if last_error else "",
    }


def check_leads(tallies, figures):
    """(rows for the check table, lost leads, duplicated leads, requests not counted,
    requests counted twice, everything right).

    A request whose answer never arrived (wrk stopping mid-request, a dropped connection) may
    or may not have been stored: it may add to what is found, never be required.
    """
    accepted, unanswered, leads = tallies["accepted"], tallies["unanswered"], figures["leads"]
    lost = sum(1 for email in accepted if email not in leads)
    duplicated = sum(rows - 1 for rows, _ in leads.values())
    missing_requests = sum(
        max(0, count - leads.get(email, (0, 0))[1]) for email, count in accepted.items()
    )
    extra_requests = sum(
        max(0, requests - accepted[email] - unanswered[email])
        for email, (_, requests) in leads.items()
    )
    posts = sum(accepted.values())
    slack = sum(unanswered.values())
    stored = sum(requests for _, requests in leads.values())
    deliveries = figures["deliveries"]
    mails = sum(count for (kind, _), count in deliveries.items() if kind == "download_mail")
    sent = deliveries[("download_mail", "sent")]
    other = sum(count for (kind, _), count in deliveries.items() if kind != "download_mail")

    def within(found, expected):
        return expected <= found <= expected + slack

    rows = [
        ("leads (addresses answered 303)", len(accepted), len(leads), within),
        ("sum of request_count (POSTs answered 303)", posts, stored, within),
        ("leads sharing one address", 0, duplicated, int.__eq__),
        ("submission events", posts, figures["events"], within),
        ("download mails stored (Delivery rows)", posts, mails, within),
        ("download mails sent", posts, sent, within),
        ("other deliveries (sales mail, CRM)", 0, other, int.__eq__),
    ]
    table = [
        (label, expected, found, test(found, expected)) for label, expected, found, test in rows
    ]
    right = all(ok for *_, ok in table) and not (lost or missing_requests or extra_requests)
    return table, lost, duplicated, missing_requests, extra_requests, right


@dataclass
class Run:
    """What one run measured: wrk's tallies, the database's figures, CPU and the server log."""

    workers: int
    conn_max_age: str
    tallies: dict
    figures: dict
    server_cpu: float
    client_cpu: float
    cpu_samples: list
    findings: list


def measure(args):
    """Serve the demo site, warm the gate up, drive it for `args.duration` seconds; a `Run`."""
    workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
    tag = f"run-{secrets.token_hex(4)}"
    with (
        tempfile.TemporaryDirectory(prefix="gate-bench-") as tmp,
        throwaway_database(POSTGRES_URL, DATABASE) as database_url,
    ):
        workdir = Path(tmp)
        env = server_env(database_url, workdir, args.mail)
        load_demo_site(env, collectstatic=True)
        server = Gunicorn(
            env,
            workers=workers,
            options=["--graceful-timeout=30"],
            log_path=workdir / "gunicorn.log",
            ready_path=GATE_PATH,
        )
        with server:
            form = open_gate(server.port, GATE_PATH)
            time.sleep(MIN_FILL_SECONDS + 0.5)  # as a reader filling in the form
            run_wrk(server, form, args.clients, WARMUP_SECONDS, f"warm-{tag}", workdir, False)
            client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            server_before = workers_cpu_seconds(server.pid)
            with sampling_machine_cpu() as cpu_samples:
                tallies = run_wrk(server, form, args.clients, args.duration, tag, workdir)
            server_cpu = workers_cpu_seconds(server.pid) - server_before
            client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Stopped first (SIGTERM: each worker finishes the request it holds), then checked.
        figures = database_figures(database_url, tag)
        findings = server.log_findings()
    client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    return Run(
        workers,
        env.get("CONN_MAX_AGE", "0"),
        tallies,
        figures,
        server_cpu,
        client_cpu,
        cpu_samples,
        findings,
    )


def report(args, run):
    """(the report, whether every check passed)."""
    tallies, figures, findings = run.tallies, run.figures, run.findings
    seconds = tallies["elapsed_us"] / 1e6
    statuses = tallies["statuses"]
    posts = sum(tallies["accepted"].values())
    not_303 = sum(count for status, count in statuses.items() if status != 303)
    errors = {k: tallies[f"error_{k}"] for k in ("connect", "read", "write", "timeout")}
    repeats = posts - len(tallies["accepted"])
    table, lost, duplicated, missing, extra, right = check_leads(tallies, figures)

    def ms(key):
        return f"{tallies[key] / 1000:.0f} ms"

    lines = [
        "| clients | server workers | duration | POSTs answered 303 | submissions/s "
        "| p50 | p95 | p99 | max | other answers |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {args.clients} | {run.workers} | {seconds:.1f} s | {posts:,} | {posts / seconds:.1f} "
        f"| {ms('latency_p50_us')} | {ms('latency_p95_us')} | {ms('latency_p99_us')} "
        f"| {ms('latency_max_us')} | {not_303} |",
        "",
        f"Database: PostgreSQL {figures['version']}, CONN_MAX_AGE={run.conn_max_age}; "
        f"cache: Redis; mail: {'files' if args.mail == 'file' else 'dummy backend'}; "
        f"gunicorn sync workers, production settings. {repeats:,} of the POSTs re-sent an "
        "address already used (other letter case).",
        f"CPU: gunicorn workers {run.server_cpu * 1000 / max(posts, 1):.1f} ms per accepted POST; "
        f"client (wrk) {run.client_cpu / seconds:.0%} of one core; whole machine busy "
        f"{machine_cpu_share(run.cpu_samples, seconds):.0%} of {os.cpu_count()} cores "
        "(other processes included).",
    ]
    if tallies.get("out_of_stamps"):
        lines.append(
            f"{tallies['out_of_stamps']} clients used up their form stamps and stopped early."
        )
    if not_303 or any(errors.values()) or tallies["unanswered"]:
        lines.append(
            f"Answers: {dict(sorted(statuses.items()))}; socket errors {errors}; "
            f"unanswered POSTs {sum(tallies['unanswered'].values())}."
        )
        lines.extend(f"  {sample[:200]}" for sample in tallies["samples"][:3])
    lines += [
        "",
        "| check | expected | found | ok |",
        "|---|---:|---:|---|",
        *(
            f"| {label} | {expected:,} | {found:,} | {'yes' if ok else 'NO'} |"
            for label, expected, found, ok in table
        ),
    ]
    if figures["last_error"]:
        lines.append(f"A delivery failed: {figures['last_error'][:200]}")
    ending = ":" if findings else "."
    lines.append(f"Server log: {len(findings)} lines of errors or warnings{ending}")
    lines.extend(f"  {count} x {line[:200]}" for line, count in Counter(findings).most_common(5))
    lines.append(
        f"lost leads: {lost}, duplicated leads: {duplicated} "
        f"(POSTs not counted: {missing}, counted twice: {extra})"
    )
    return "\n".join(lines), right and not not_303


def run_benchmark(args):
    """(the report, whether every check passed); a skipped run passes."""
    reason = unavailable()
    if reason:
        return f"skipped: {reason}", True
    try:
        run = measure(args)
    except ServerError as error:
        sys.exit(str(error))
    return report(args, run)


def main(argv=None):
    text, ok = run_benchmark(parse_args(argv))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
