"""CPU time while a benchmark runs: the whole machine's (from /proc/stat, sampled in a thread)
and a gunicorn master's workers' (from /proc). Linux only; zeros elsewhere."""

import contextlib
import os
import threading
import time
from pathlib import Path

__all__ = ["machine_cpu_share", "sampling_machine_cpu", "workers_cpu_seconds"]


def cpu_times():
    """(busy, total) jiffies of the whole machine, from /proc/stat; (0, 0) elsewhere."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values[:8]) - idle, sum(values[:8])


@contextlib.contextmanager
def sampling_machine_cpu(interval=0.25):
    """(monotonic time, busy, total) samples of /proc/stat, taken while the block runs."""
    samples, stop = [], threading.Event()

    def sample():
        while True:
            samples.append((time.monotonic(), *cpu_times()))
            if stop.wait(interval):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield samples
    finally:
        stop.set()
        sampler.join()


def machine_cpu_share(samples, seconds):
    """How busy the machine was over the first `seconds` of the samples (the load, not the
    idle margin wrk waits afterwards)."""
    if len(samples) < 2:
        return 0.0
    start = samples[0]
    end = next((s for s in samples if s[0] >= start[0] + seconds), samples[-1])
    busy, total = end[1] - start[1], end[2] - start[2]
    return busy / total if total else 0.0


def workers_cpu_seconds(server_pid):
    """CPU seconds the gunicorn workers (children of `server_pid`) used so far; 0 off Linux."""
    try:
        pids = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
        total = 0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return 0.0
    return total / os.sysconf("SC_CLK_TCK")
