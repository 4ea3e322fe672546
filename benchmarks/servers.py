"""Every server a benchmark starts, the environment it gets, and `manage()`.

- `Gunicorn`: any WSGI app under gunicorn on a free loopback port, in its own process group,
  stopped with its workers (SIGTERM first, so each worker finishes the request it holds);
  `ServeScript`: `make serve` itself (config/serve.sh).
- `production_env()`: what the app runs with: the production settings pointed at the
  benchmark's database, cache, mail and folders. `manage()` and `run_python()` run with it.
- `throwaway_database()`: a new database on a PostgreSQL server, dropped afterwards;
  `django_in_process()`: Django in this process on a new SQLite database.
- `PrivatePostgres`, `PrivateRedis`, `SmtpSink`: servers of our own on loopback, which the load
  test may stop and start (the machine's own are never touched).

Failures raise `ServerError` with what the server or tool said. Nothing here knows the blog's
content (that is `demo_site`) or drives load (that is `wrk`).
"""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "BIN",
    "ROOT",
    "Gunicorn",
    "PrivatePostgres",
    "PrivateRedis",
    "ServeScript",
    "ServerError",
    "SmtpSink",
    "django_in_process",
    "fetch",
    "findings_in",
    "free_port",
    "gunicorn_missing",
    "manage",
    "postgres_bin",
    "postgres_server_missing",
    "postgres_unreachable",
    "production_env",
    "redis_server_missing",
    "redis_unreachable",
    "run_python",
    "throwaway_database",
]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


class ServerError(RuntimeError):
    """A server or tool a benchmark needs did not start, answer or finish; the message says
    what it printed."""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def fetch(port, path, method="GET", body=None, headers=None, timeout=30):
    """(status, headers, text) of one request to 127.0.0.1:`port` (redirects not followed)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode(errors="replace")
    finally:
        connection.close()


# --- The app's environment and manage.py -----------------------------------------------------


def production_env(
    *, database_url, cache_url, email_url, static_root, secret_key=None, without=(), **settings
):
    """This process's environment with `config.settings.production` pointed at the given
    database, cache, mail and static folder, plus `settings` (names as the settings read them,
    e.g. MEDIA_ROOT, LOG_LEVEL, WEB_CONCURRENCY); the variables named in `without` are left out.

    One SECRET_KEY (a new one unless given) for manage.py and the server, so that what one
    signs the other accepts. Loopback has no TLS: no redirect to https.
    """
    env = {name: value for name, value in os.environ.items() if name not in without}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        EMAIL_URL=email_url,
        ALLOWED_HOSTS=f"{LOOPBACK},localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
    )
    env.update({name: str(value) for name, value in settings.items()})
    return env


def run_python(env, *args):
    """Our interpreter with `args` in the project's root and environment `env`; its output.

    Project code a benchmark runs in the app's environment is a module run this way
    (`run_python(env, "-m", "benchmarks.rendered_queries", …)`), never a script in a string.
    """
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise ServerError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def manage(env, *args):
    """`manage.py` with the server's environment; its output."""
    return run_python(env, "manage.py", *args)


def django_in_process(sqlite_name):
    """Set Django up in this process with the test settings on a new, migrated SQLite
    database `var/<sqlite_name>` (DATABASE_URL, when set, wins: the file is still removed).

    For the benchmarks that time code in-process; call it before importing models.
    """
    import django

    var = ROOT / "var"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / sqlite_name}")
    var.mkdir(exist_ok=True)
    (var / sqlite_name).unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- The app under gunicorn ------------------------------------------------------------------


class Gunicorn:
    """A WSGI app under gunicorn on a free loopback port: `start()`, use, `stop()` (or `with`).

    `env` is the whole environment (see `production_env`); `app` anything gunicorn imports
    from `cwd` ("module:callable"; default our project's root); `options` more gunicorn
    arguments (e.g. "--timeout=30", "--pythonpath=…"). It runs in
    its own process group, so the master and its workers stop together. Its output goes to
    `log_path` (else stdout is dropped and stderr is ours). `start()` returns once
    `ready_path` answers 200. Override `command()` and `process_env()` to start the app another
    way, as `ServeScript` does.
    """

    name = "gunicorn"

    def __init__(
        self,
        env,
        app="config.wsgi:application",
        *,
        workers=2,
        options=(),
        log_path=None,
        ready_path="/health/",
        start_timeout=60,
        cwd=ROOT,
    ):
        self.env = env
        self.app = app
        self.workers = workers
        self.options = list(options)
        self.log_path = Path(log_path) if log_path else None
        self.ready_path = ready_path
        self.start_timeout = start_timeout
        self.cwd = Path(cwd)
        self.port = free_port()
        self.process = None

    def command(self):
        gunicorn = BIN / "gunicorn"
        if not gunicorn.exists():
            raise ServerError(gunicorn_missing())
        return [
            str(gunicorn),
            self.app,
            f"--bind={LOOPBACK}:{self.port}",
            f"--workers={self.workers}",
            *self.options,
        ]

    def process_env(self):
        return self.env

    @property
    def pid(self):
        """The master's process id (also its process group's) while it runs."""
        return self.process.pid if self.process else None

    def url(self, path="/"):
        return f"http://{LOOPBACK}:{self.port}{path}"

    def fetch(self, path, **options):
        """(status, headers, text) of one request to the server (see `fetch`)."""
        return fetch(self.port, path, **options)

    def start(self):
        command = self.command()
        with contextlib.ExitStack() as stack:
            log = stack.enter_context(open(self.log_path, "a")) if self.log_path else None
            self.process = subprocess.Popen(
                command,
                cwd=self.cwd,
                env=self.process_env(),
                stdout=log or subprocess.DEVNULL,
                stderr=subprocess.STDOUT if log else None,
                start_new_session=True,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} stopped at start:\n{self.log_text()}")
            with contextlib.suppress(OSError):
                if self.fetch(self.ready_path, timeout=5)[0] == 200:
                    return
            if time.monotonic() > deadline:
                raise ServerError(
                    f"{self.name} did not answer {self.ready_path} within "
                    f"{self.start_timeout} s:\n{self.log_text()}"
                )
            time.sleep(0.25)

    def stop(self, timeout=40):
        """SIGTERM to the process group: each worker finishes the request it holds; SIGKILL
        after `timeout` seconds."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def log_size(self):
        """Bytes in the log so far: mark a point to read `log_findings` from."""
        return self.log_path.stat().st_size if self.log_path else 0

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def log_findings(self, start=0, end=None):
        """The log lines from byte `start` to `end` worth a look (see `findings_in`)."""
        if not self.log_path:
            return []
        with open(self.log_path, "rb") as log:
            log.seek(start)
            text = log.read(-1 if end is None else end - start).decode(errors="replace")
        return findings_in(text.splitlines())


class ServeScript(Gunicorn):
    """`make serve` itself: config/serve.sh makes the database if missing, migrates, collects
    static files and execs gunicorn with the production options, here on a free port. Its
    workers: `workers` if given, else WEB_CONCURRENCY of `env`."""

    name = "make serve"

    def __init__(self, env, *, workers=None, start_timeout=180, **options):
        super().__init__(env, workers=workers, start_timeout=start_timeout, **options)

    def command(self):
        return ["bash", "config/serve.sh"]

    def process_env(self):
        env = {**self.env, "PORT": str(self.port)}
        if self.workers is not None:
            env["WEB_CONCURRENCY"] = str(self.workers)
        return env


def gunicorn_missing():
    """Why gunicorn cannot start, or ""."""
    if (BIN / "gunicorn").exists():
        return ""
    return f"gunicorn is not installed in {BIN.parent}: run `make install`"


def findings_in(lines):
    """The server log's lines worth a look: all but gunicorn's own [INFO] lines (Django logs
    warnings such as "Too Many Requests: /…" and tracebacks there) and our own stop."""
    return [line for line in lines if "] [INFO] " not in line and "was sent SIGTERM" not in line]


# --- PostgreSQL and Redis servers that are already running -----------------------------------


def postgres_unreachable(url):
    """Why the PostgreSQL server at `url` cannot be used, or ""."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL not reachable at {_where(url)} ({_first_line(error)})"
    return ""


def redis_unreachable(url):
    """Why the Redis server at `url` cannot be used, or ""."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.exceptions.RedisError as error:
        return f"Redis not reachable at {_where(url)} ({_first_line(error)})"
    return ""


def _where(url):
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}"


def _first_line(error):
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


@contextlib.contextmanager
def throwaway_database(server_url, name):
    """A new, empty database `name` on the PostgreSQL server at `server_url` (its URL);
    dropped afterwards, and first if a run before left it behind."""
    import psycopg
    from psycopg import sql

    def run(statement):
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        run(drop)


# --- Private servers: ours to stop and start -------------------------------------------------


def postgres_bin():
    """PostgreSQL's bin directory: LOADTEST_PG_BIN, else the newest /usr/lib/postgresql/*/bin."""
    configured = os.environ.get("LOADTEST_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/nonexistent")


class PrivatePostgres:
    """A throwaway PostgreSQL cluster under `workdir` on a free loopback port, trust
    authentication: `create()`, `start()`, `stop()`, `close()`.

    Run as root, its commands run as the `postgres` user (initdb refuses root), which then
    needs to reach `workdir` (mode 0o711 will do).
    """

    def __init__(self, workdir):
        self.home = Path(workdir) / "postgres"
        self.data = self.home / "data"
        self.sockets = self.home / "sockets"
        self.log = self.home / "postgres.log"
        self.port = free_port()
        self.bin = postgres_bin()
        self.running = False

    def _run(self, *command):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, cwd=self.home, capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise ServerError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def create(self):
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            for path in (self.home, self.sockets):
                shutil.chown(path, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--locale=C", "--no-sync", "--no-instructions"),
        )

    def start(self):
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses={LOOPBACK}"
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60"),
            "start",
        )
        self.running = True

    def stop(self, mode="fast"):
        """`pg_ctl stop -m mode`, waiting until it is down."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def url(self, database):
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{database}"

    def version(self):
        import psycopg

        with psycopg.connect(self.url("postgres")) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]

    def close(self):
        if self.running:
            with contextlib.suppress(ServerError, subprocess.TimeoutExpired):
                self.stop("immediate")


class PrivateRedis:
    """A redis-server on a free loopback port, without persistence, logging to `workdir`."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log = Path(workdir) / "redis.log"
        self.process = None

    def url(self, database=0):
        return f"redis://{LOOPBACK}:{self.port}/{database}"

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [
                    shutil.which("redis-server"),
                    *("--port", str(self.port), "--bind", LOOPBACK),
                    *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise ServerError(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def answers(self):
        with (
            contextlib.suppress(OSError),
            socket.create_connection((LOOPBACK, self.port), timeout=1) as connection,
        ):
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
        return False

    def version(self):
        result = subprocess.run(
            [shutil.which("redis-server"), "--version"], capture_output=True, text=True
        )
        match = re.search(r"v=(\S+)", result.stdout)
        return match.group(1) if match else "?"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    close = stop


def redis_server_missing():
    """Why a private Redis cannot start, or ""."""
    if shutil.which("redis-server"):
        return ""
    return "redis-server not found (Debian: apt-get install redis-server)"


def postgres_server_missing():
    """Why a private PostgreSQL cannot start, or ""."""
    if (postgres_bin() / "initdb").exists():
        return ""
    return "PostgreSQL's initdb not found (set LOADTEST_PG_BIN, or apt-get install postgresql)"


class SmtpSink:
    """A mail server on a free loopback port, in this process, that accepts every message and
    counts its recipients; while `refusing` is set it answers every connection with 554."""

    def __init__(self):
        self.port = free_port()
        self.refusing = False
        self.recipients = Counter()
        self._lock = threading.Lock()
        self._server = None

    def url(self):
        """The EMAIL_URL that sends to this server."""
        return f"smtp://{LOOPBACK}:{self.port}"

    def start(self):
        sink = self

        class Session(socketserver.StreamRequestHandler):
            timeout = 30

            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                if sink.refusing:
                    self.reply("554 5.3.2 loadtest sink: not accepting mail")
                    return
                self.reply("220 loadtest sink")
                recipients = []
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip()
                    verb = command[:4].upper()
                    if verb == "RCPT":
                        recipients.append(command.partition("<")[2].rstrip(">").lower())
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            pass
                        if not data:
                            return
                        sink.accept(recipients)
                        recipients = []
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    elif verb == "MAIL":
                        recipients = []
                    self.reply("250 ok")

        server = socketserver.ThreadingTCPServer((LOOPBACK, self.port), Session)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._server = server

    def accept(self, recipients):
        with self._lock:
            self.recipients.update(recipients)

    def received(self, domain):
        """How many mails each address at `domain` received."""
        with self._lock:
            return Counter(
                {to: n for to, n in self.recipients.items() if to.endswith(f"@{domain}")}
            )

    def close(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
