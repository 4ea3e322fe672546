"""The load test's traffic: which pages its readers ask for, wrk running `traffic.lua` in the
background, and what the script counted (`Tallies`)."""

import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..demo_site import GATE_PATH, SEED_POST, write_stamp_files
from ..servers import ServerError, run_python
from ..wrk import WrkScript

LUA_SCRIPT = Path(__file__).with_name("traffic.lua")
EMAIL_DOMAIN = "loadtest.example.com"
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


def reader_paths(env):
    """{kind of page: [paths]} of what readers can find on the demo site (asked in the app's
    environment: `reader_paths.py`)."""
    output = run_python(env, "-m", "benchmarks.loadtest.reader_paths")
    found = json.loads(output.strip().splitlines()[-1])
    if SEED_POST not in found["posts"]:
        raise ServerError(f"The demo content has no post {SEED_POST}.")
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


def uncached_search():
    """A reader path the page cache cannot hold yet."""
    return SEARCH_PATH.replace("{random}", secrets.token_hex(4))


@dataclass
class Tallies:
    """What traffic.lua counted, per answer."""

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


def tallies_kind(window, kind):
    """status -> answers of one kind ("read", "gate") in a `Tallies.between` window."""
    found = Counter()
    for (k, status, _), count in window.items():
        if k == kind:
            found[status] += count
    return found


def read_tallies(path):
    """The lines done() wrote in traffic.lua, as `Tallies`."""
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
    """One wrk run of traffic.lua in the background: start it, do things, then `finish()`.

    Its gate submissions go to addresses at `domain` (one per run), so that the checks find
    exactly this run's leads.
    """

    def __init__(self, context, tag, seconds):
        self.report = context.workdir / f"wrk-{tag}.txt"
        self.domain = f"{tag}.{EMAIL_DOMAIN}"
        args = context.args
        stamps = write_stamp_files(
            context.gate.stamp,
            context.env["SECRET_KEY"],
            str(context.workdir / f"stamps-{tag}-"),
            args.clients,
            (seconds + STOP_MARGIN_SECONDS) * STAMPS_PER_CLIENT_SECOND,
        )
        self.wrk = WrkScript(
            context.server.url("/"),
            LUA_SCRIPT,
            [
                tag,
                self.domain,
                context.gate.fields,
                context.gate.cookie,
                self.report,
                seconds,
                context.reader_mix,
                GATE_PATH,
                args.gate_every,
                stamps,
            ],
            connections=args.clients,
            duration=seconds + STOP_MARGIN_SECONDS,
            report_path=self.report,
        ).start()
        self.started_at = self.wrk.started_at

    def finish(self):
        """Wait for wrk; what it counted."""
        self.wrk.finish(timeout=600)
        return read_tallies(self.report)

    def kill(self):
        self.wrk.kill()
