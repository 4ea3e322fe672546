"""wrk against a URL, and what it measured.

- `run_wrk(url, …)`: a plain run; requests/s, latency percentiles and the answers that were
  not 2xx or 3xx, parsed from wrk's output (`parse_wrk_output`).
- `WrkScript`: wrk with one of our Lua scripts, in the background. Our scripts write their own
  tallies to a file in `done()`; the caller reads that file once `finish()` returns.
"""

import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .servers import ServerError

__all__ = ["WrkResult", "WrkScript", "parse_wrk_output", "run_wrk", "wrk_missing"]


def wrk_missing():
    """Why wrk cannot run, or ""."""
    return "" if shutil.which("wrk") else "wrk not found (Debian: apt-get install wrk)"


@dataclass(frozen=True)
class WrkResult:
    """A plain wrk run: requests per second, latency in ms by percentile (50, 75, 90, 99 with
    --latency) and how many answers were neither 2xx nor 3xx."""

    requests_per_second: float
    latency_ms: dict = field(default_factory=dict)
    non_2xx_or_3xx: int = 0
    output: str = ""

    @property
    def p50_ms(self):
        return self.latency_ms[50]

    @property
    def p99_ms(self):
        return self.latency_ms[99]


def run_wrk(url, *, duration, connections, threads=2):
    """wrk with `threads` threads and `connections` connections on `url` for `duration`
    seconds (`wrk -tT -cC -dDs --latency URL`), parsed."""
    output = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk_output(output)


def parse_wrk_output(output):
    """The figures of wrk's printed summary (with --latency for the percentiles)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        int(percentile): milliseconds(value)
        for percentile, value in re.findall(r"^\s*(\d+)%\s+([\d.]+\w+)\s*$", output, re.M)
    }
    others = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return WrkResult(rps, latency, int(others.group(1)) if others else 0, output)


def milliseconds(text):
    """wrk's "812.00us", "2.80ms", "1.20s" or "1.00m" in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


class WrkScript:
    """wrk running a Lua `script` in the background: `start()`, do things, `finish()`.

    One thread per connection by default, so that each of the script's threads has a single
    connection and its request() and response() calls alternate. `script_args` go after `--`;
    `report_path` is the file the script writes in done(): without it the run failed.
    """

    def __init__(
        self,
        url,
        script,
        script_args,
        *,
        connections,
        duration,
        report_path,
        threads=None,
        timeout="30s",
    ):
        self.command = [
            shutil.which("wrk") or "wrk",
            f"--threads={threads or connections}",
            f"--connections={connections}",
            f"--duration={duration}s",
            f"--timeout={timeout}",
            f"--script={script}",
            url,
            "--",
            *map(str, script_args),
        ]
        self.report_path = Path(report_path)
        self.process = None
        self.started_at = None

    def start(self):
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.started_at = time.time()
        return self

    def finish(self, timeout=600):
        """Wait for wrk to end; its output. ServerError when it failed."""
        output, _ = self.process.communicate(timeout=timeout)
        if self.process.returncode or not self.report_path.exists():
            raise ServerError(f"wrk failed:\n{output}")
        return output

    def run(self, timeout=600):
        """start() and finish(): wrk in the foreground."""
        self.start()
        try:
            return self.finish(timeout)
        finally:
            self.kill()

    def kill(self):
        """Stop wrk if it still runs (after an error in between)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
