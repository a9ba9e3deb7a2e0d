"""The production topology on loopback, for the topology test and bench/web_load.py:

    nginx (TLS, 127.0.0.1:<free port>)
      -> two gunicorn servers (production settings, config/gunicorn.py)
           -> PostgreSQL (a database of its own, made anew) and Redis (cache and broker)
      + a Celery worker (jobs: mail, PDFs)

Everything runs as the current user with its files in one temporary folder (nginx's pid,
logs and temp paths too), and is stopped by `stop()`.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

BIN = Path(sys.executable).parent
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/wt_ops_run_topology"
DEFAULT_REDIS = "redis://127.0.0.1:6379/4"


class TopologyUnavailable(Exception):
    """Something the topology needs is not on this machine (said which)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str | None:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def check_prerequisites(database_url: str, redis_url: str) -> None:
    if nginx_binary() is None:
        raise TopologyUnavailable("nginx is not installed (Debian: apt-get install nginx-light)")
    import psycopg
    import redis

    admin = _admin_url(database_url)
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error as exc:
        raise TopologyUnavailable(f"PostgreSQL is not reachable ({exc})") from None
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        raise TopologyUnavailable(f"Redis is not reachable at {redis_url} ({exc})") from None


def _admin_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    return parts._replace(path="/postgres").geturl()


class Topology:
    def __init__(
        self,
        *,
        database_url: str = DEFAULT_DATABASE,
        redis_url: str = DEFAULT_REDIS,
        app_servers: int = 2,
        workers_per_server: int = 2,
        threads: int = 4,
    ):
        self.database_url = database_url
        self.redis_url = redis_url
        self.app_servers = app_servers
        self.workers_per_server = workers_per_server
        self.threads = threads
        self.dir = Path(tempfile.mkdtemp(prefix="economie071-topology-"))
        self.port = free_port()
        self.app_ports = [free_port() for _ in range(app_servers)]
        self.base_url = f"https://127.0.0.1:{self.port}"
        self.mail_dir = self.dir / "mail"
        self.cert = self.dir / "cert.pem"
        self.metrics_token = "topologie-metrics-token"
        self._servers: list[subprocess.Popen] = []
        self._worker: subprocess.Popen | None = None
        self._nginx: subprocess.Popen | None = None

    # --- Environment and commands ------------------------------------------------------------

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "PYTEST"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "economie071.config.settings.production",
                "SECRET_KEY": "topologie-" + "x" * 50,
                "DATABASE_URL": self.database_url,
                "CACHE_URL": self.redis_url,
                "CELERY_BROKER_URL": self.redis_url,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": self.base_url,
                "SITE_URL": self.base_url,
                "TRUSTED_PROXY_COUNT": "1",
                "AXES_FAILURE_LIMIT": "3",
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.mail_dir),
                "VAR_DIR": str(self.dir / "var"),
                "MEDIA_ROOT": str(self.dir / "media"),
                "STATIC_ROOT": str(self.dir / "static"),
                "SKILLS_EXTRACTION_CACHE_DIR": str(self.dir / "cache"),
                "METRICS_TOKEN": self.metrics_token,
                "PROMETHEUS_MULTIPROC_DIR": str(self.dir / "metrics"),
                "LOG_LEVEL": "INFO",
            }
        )
        env.update(overrides)
        return env

    def manage(self, *args: str, **env: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own command)
            [str(BIN / "economie071"), *args],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"economie071 {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    # --- Life cycle ---------------------------------------------------------------------

    def prepare(self) -> None:
        """A fresh database with the demo, static files, a certificate, an empty mailbox."""
        import psycopg
        import redis

        name = urlsplit(self.database_url).path.lstrip("/")
        with psycopg.connect(_admin_url(self.database_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        redis.Redis.from_url(self.redis_url).flushdb()
        for folder in ("mail", "var", "media", "static", "cache", "metrics", "nginx"):
            (self.dir / folder).mkdir(exist_ok=True)
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("load_demo")
        self.manage("collectstatic", "--no-input", "-v", "0")
        subprocess.run(  # noqa: S603, S607
            [
                shutil.which("openssl") or "openssl", "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-days", "2",
                "-keyout", str(self.dir / "key.pem"), "-out", str(self.cert),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def start(self, **env: str) -> None:
        """Start the app servers, the worker and nginx; return when all answer."""
        for index, port in enumerate(self.app_ports):
            self._servers.append(
                self._spawn(
                    f"gunicorn-{index}",
                    [
                        str(BIN / "gunicorn"),
                        "-c",
                        "python:economie071.config.gunicorn",
                        "economie071.config.wsgi",
                    ],
                    GUNICORN_BIND=f"127.0.0.1:{port}",
                    GUNICORN_WORKERS=str(self.workers_per_server),
                    GUNICORN_THREADS=str(self.threads),
                    GUNICORN_ACCESS_LOG="",
                    **env,
                )
            )
        self._worker = self._spawn(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "economie071.config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            **env,
        )
        config = self._nginx_config()
        self._nginx = subprocess.Popen(  # noqa: S603
            [nginx_binary(), "-p", str(self.dir / "nginx"), "-e", str(self.dir / "nginx-error.log"),
             "-c", str(config)],
            stdout=open(self.dir / "nginx.out", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for port in self.app_ports:
            self._wait_ready(f"http://127.0.0.1:{port}/readyz", https_header=True)
        self._wait_ready(f"{self.base_url}/readyz")

    def stop_servers(self) -> None:
        processes = [p for p in [self._nginx, self._worker, *self._servers] if p is not None]
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._servers, self._worker, self._nginx = [], None, None

    def stop(self, *, keep_files: bool = False) -> None:
        self.stop_servers()
        if not keep_files:
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- Helpers for tests ------------------------------------------------------------

    def log(self, name: str) -> str:
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def session(self, source_address: str | None = None) -> requests.Session:
        """An HTTP client for the site through nginx (from `source_address` on loopback)."""
        session = requests.Session()
        session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment wins
        session.verify = str(self.cert)
        if source_address:
            adapter = _SourceAddressAdapter(source_address)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        return session

    def _spawn(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "wb")  # noqa: SIM115 (kept open by the process)
        return subprocess.Popen(  # noqa: S603
            command,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=self.dir,
        )

    def _wait_ready(self, url: str, *, https_header: bool = False, seconds: float = 120) -> None:
        headers = {"X-Forwarded-Proto": "https"} if https_header else {}
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            for process in [*self._servers, self._worker, self._nginx]:
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"a process of the topology stopped: {process.args}")
            try:
                response = requests.get(url, headers=headers, verify=str(self.cert), timeout=5)
                if response.status_code == 200:
                    return
                last = f"{response.status_code} {response.text[:300]}"
            except requests.RequestException as exc:
                last = str(exc)
            time.sleep(0.3)
        raise RuntimeError(f"{url} did not become ready: {last}")

    def _nginx_config(self) -> Path:
        upstreams = "\n".join(f"    server 127.0.0.1:{port};" for port in self.app_ports)
        d = self.dir
        config = d / "nginx.conf"
        config.write_text(
            f"""
worker_processes 1;
daemon off;
user {getpass.getuser()};
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log {d}/nginx-access.log;
  client_body_temp_path {d}/nginx/client_body;
  proxy_temp_path {d}/nginx/proxy;
  fastcgi_temp_path {d}/nginx/fastcgi;
  uwsgi_temp_path {d}/nginx/uwsgi;
  scgi_temp_path {d}/nginx/scgi;
  upstream economie071 {{
{upstreams}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{self.port} ssl;
    ssl_certificate {self.cert};
    ssl_certificate_key {d}/key.pem;
    client_max_body_size 20m;
    location /static/ {{
      alias {d}/static/;
      expires 30d;
    }}
    location / {{
      proxy_pass http://economie071;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 90s;
    }}
  }}
}}
"""
        )
        return config


class _SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Connects from a given loopback address (127.0.0.2, …): another client, for nginx."""

    def __init__(self, address: str, **kwargs):
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)
