"""`python -m benchmarks.loadtest`: start the stack, check the reader pages, run the phases,
print the report (see the package's docstring for what each phase checks)."""

import argparse
import os
import signal
import sys
import time

from .. import loadtest
from ..demo_site import MIN_FILL_SECONDS, open_gate
from ..servers import ServerError
from .checks import check_reader_paths
from .phases import FAULT_AFTER_SECONDS, PHASES, REDIS_DOWN_SECONDS
from .report import Phase, report, summarise_log
from .stack import Context, missing_tool
from .traffic import reader_paths, write_reader_mix


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.loadtest", description=loadtest.__doc__.splitlines()[0]
    )
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


def run_phases(context):
    """The setup check, then each phase asked for, each with its part of the server log."""
    setup = Phase("setup")
    check_reader_paths(context, setup)
    context.gate = open_gate(context.port)
    time.sleep(MIN_FILL_SECONDS + 0.5)  # as a reader filling in the form
    phases = [setup]
    for letter in context.args.phases.upper():
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
    return phases


def run_load_test(args):
    """(the report, whether every check passed)."""
    context = Context.in_new_folder(args)
    try:
        context.start_servers()
        context.paths = reader_paths(context.env)
        context.reader_mix = context.workdir / "reader-paths.txt"
        write_reader_mix(context.paths, context.reader_mix)
        context.serve()
        return report(context, run_phases(context))
    finally:
        context.close()


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(argv)
    reason = missing_tool()
    if reason:
        print(f"Cannot run the load test: {reason}.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        text, ok = run_load_test(args)
    except ServerError as error:
        sys.exit(str(error))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
