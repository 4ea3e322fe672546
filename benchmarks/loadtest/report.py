"""The load test's report: each phase's checks and notes (`Phase`), the server log's
problems and messages per phase, and the markdown printed at the end."""

import re
import time
from collections import Counter
from dataclasses import dataclass, field

from ..demo_site import GATE_PATH
from .traffic import READER_MIX, Tallies


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


def seconds_text(seconds):
    return "never" if seconds is None else f"{seconds:.1f} s"


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
    """The markdown report of `phases`; whether every check passed."""
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
