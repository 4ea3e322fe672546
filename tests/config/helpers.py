"""Helpers for the configuration tests: run manage.py as a deployment would."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # A clean environment: only what a deployment would set, plus PATH and friends.
    skipped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DEBUG"}
    environment = {key: value for key, value in os.environ.items() if key not in skipped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
