"""The servers the load test runs against, the environment `make serve` gets there, and the
`Context` its phases share (the servers themselves are `benchmarks.servers`')."""

import argparse
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..demo_site import GATE_PATH, GateForm, fresh_stamps, load_demo_site
from ..servers import (
    PrivatePostgres,
    PrivateRedis,
    ServeScript,
    SmtpSink,
    gunicorn_missing,
    postgres_server_missing,
    production_env,
    redis_server_missing,
    run_python,
)
from ..wrk import wrk_missing

DATABASE = "loadtest"


def missing_tool():
    """What this machine lacks to run the load test, or ""."""
    return (
        wrk_missing() or redis_server_missing() or postgres_server_missing() or gunicorn_missing()
    )


def server_env(workdir, postgres, redis, sink, workers):
    """What `make serve` gets: production settings pointed at the private servers."""
    return production_env(
        database_url=postgres.url(DATABASE),
        cache_url=redis.url(0),
        email_url=sink.url(),
        static_root=workdir / "static",
        # No access log; the defaults the gate ships with.
        without=("GUNICORN_CMD_ARGS", "WHITEPAPERS_MIN_FILL_SECONDS", "EMAIL_TIMEOUT"),
        WEB_CONCURRENCY=workers,
        MEDIA_ROOT=workdir / "media",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        # One address (127.0.0.1) sends everything: only the per-address limit stays real.
        WHITEPAPERS_RATE_LIMIT_PER_IP="1000000/3600",
        DEMO_PASSWORD=secrets.token_urlsafe(16),
        LOG_LEVEL="WARNING",
    )


def prepare_site(env):
    """The database serve.sh would create, migrated, with the demo content."""
    run_python(env, "-m", "config.ensure_database")
    load_demo_site(env)


@dataclass
class Context:
    """Everything the phases share: the arguments, the private servers, `make serve` and its
    environment, the reader paths and the gate's form."""

    args: argparse.Namespace
    workdir: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    sink: SmtpSink
    server: ServeScript | None = None
    env: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    reader_mix: Path | None = None
    gate: GateForm | None = None
    versions: dict = field(default_factory=dict)
    run: str = ""
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def in_new_folder(cls, args):
        """A context whose servers will live in a new temporary folder."""
        workdir = new_workdir()
        return cls(
            args=args,
            workdir=workdir,
            postgres=PrivatePostgres(workdir),
            redis=PrivateRedis(workdir),
            sink=SmtpSink(),
            run=secrets.token_hex(3),
        )

    def start_servers(self):
        """The private PostgreSQL, Redis and mail servers, and the demo site's database."""
        self.postgres.create()
        self.postgres.start()
        self.redis.start()
        self.sink.start()
        self.versions = {"postgres": self.postgres.version(), "redis": self.redis.version()}
        self.env = server_env(self.workdir, self.postgres, self.redis, self.sink, self.args.workers)
        prepare_site(self.env)

    def serve(self):
        """Start `make serve` on the private servers (the log: server.log)."""
        self.server = ServeScript(self.env, log_path=self.workdir / "server.log")
        self.server.start()

    def close(self):
        """Stop every server; remove the folder, or with --keep-logs all but the logs."""
        if self.server:
            self.server.stop()
        self.sink.close()
        self.redis.close()
        self.postgres.close()
        if self.args.keep_logs:
            shutil.rmtree(self.postgres.data, ignore_errors=True)
            for name in ("static", "media"):
                shutil.rmtree(self.workdir / name, ignore_errors=True)
            print(f"Logs kept in {self.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def port(self):
        return self.server.port

    @property
    def database_url(self):
        return self.postgres.url(DATABASE)

    def tag(self, phase):
        return f"{phase}-{self.run}"

    def log_lines(self, start, end):
        """The server log's lines worth a look between two `server.log_size()` marks."""
        return self.server.log_findings(start, end)

    def probe(self, path, method="GET", body=None, headers=None):
        """(status, X-Page-Cache, headers, text), or (0, error) when nothing answered."""
        try:
            status, response_headers, text = self.server.fetch(
                path, method=method, body=body, headers=headers, timeout=15
            )
        except OSError as error:
            return 0, type(error).__name__, {}, ""
        return status, response_headers.get("X-Page-Cache", "-"), response_headers, text

    def submit(self, email):
        """A reader's gate submission for `email`, with a fresh stamp (see `probe`)."""
        [stamp] = fresh_stamps(self.gate.stamp, self.env["SECRET_KEY"], 1)
        body, headers = self.gate.submission(stamp, email, "Probe", "Reader")
        return self.probe(GATE_PATH, "POST", body, headers)


def new_workdir():
    """A new temporary folder the `postgres` user can reach into (PrivatePostgres)."""
    folder = Path(tempfile.mkdtemp(prefix="loadtest-"))
    folder.chmod(0o711)
    return folder
