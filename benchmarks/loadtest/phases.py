"""The load test's phases: A, mixed traffic; then the faults: B, Redis stops; C, PostgreSQL
restarts; D, the mail server refuses. Each takes the `stack.Context` and returns a
`report.Phase` with its checks and notes; `PHASES` maps their letters to them.

A fault starts FAULT_AFTER_SECONDS into a run of traffic, while wrk's readers and submissions
go on; the checks then look at what wrk counted before, during and after it.
"""

import time
from collections import Counter

from ..demo_site import SEED_POST
from ..servers import manage
from .checks import (
    check_mails_received,
    check_submissions,
    check_traffic,
    make_pending_mails_due,
    stored_submissions,
)
from .report import Phase, seconds_text, statuses_text
from .traffic import EMAIL_DOMAIN, Traffic, tallies_kind, uncached_search

# A fault starts this long into its run and lasts this long.
FAULT_AFTER_SECONDS = 5
REDIS_DOWN_SECONDS = 8
POSTGRES_DOWN_SECONDS = 5
# Readers and submissions must succeed again this soon after a server is back.
RECOVERY_SECONDS = 10
# Answers this close to a stop or start are in flight across it: no window check counts them.
EDGE_SECONDS = 0.5


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
