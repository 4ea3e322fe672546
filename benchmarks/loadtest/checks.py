"""The load test's checks: status codes and connections in what wrk counted, and what the
database holds for the submissions of a run (every one answered 303 stored exactly once, its
mail queued, then received by the SMTP sink).

Each `check_…` adds its verdicts to a `report.Phase`. The SQL reads the whitepapers app's
tables (`whitepapers_lead`, `whitepapers_delivery`) directly, as the gate benchmark does.
"""

import secrets
from collections import Counter

from ..demo_site import GATE_SLUG


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
