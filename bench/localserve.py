"""A built site served on 127.0.0.1 as in production, for the tests and the benchmark.

Debian's nginx with deploy/nginx.conf (headers, CSP, gzip, caching), started in
the foreground as the current user with a throw-away prefix, so nothing outside
that folder is touched; or, without nginx, Python's http.server with gzip for
the same text types (no production headers). Used by tests/conftest.py (the
browser and serving tests) and bench/lighthouse.py (the benchmark).
"""

from __future__ import annotations

import functools
import grp
import gzip
import http.server
import io
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = PROJECT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None)


def render_nginx_conf(site: Path, listen: str) -> str:
    """deploy/nginx.conf with its two placeholders filled in."""
    return NGINX_TEMPLATE.read_text(encoding="utf-8").replace("@ROOT@", str(site)).replace("@LISTEN@", listen)


def die_with_parent() -> None:
    """In a child, before exec: SIGTERM when our process dies, even if killed (Linux
    prctl PR_SET_PDEATHSIG), so no server outlives an interrupted run."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _main_conf(site: Path, tmp: Path, port: int) -> Path:
    (tmp / "site.conf").write_text(render_nginx_conf(site, f"127.0.0.1:{port}"), encoding="utf-8")
    # As root, workers would otherwise run as `nobody`, who may not read the site
    # (pytest's temp folders are mode 700); as anyone else `user` must be absent.
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    temp = " ".join(f"{kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"""{user}
worker_processes 1;
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp / 'access.log'};
    {temp}
    include {tmp / 'site.conf'};
}}
""", encoding="utf-8")
    return conf


@contextmanager
def nginx(site: Path, tmp: Path | None = None) -> Iterator[str]:
    """nginx (daemon off) serving `site`; yields its base URL (no trailing slash)."""
    if NGINX is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    own_tmp = tmp is None
    tmp = Path(tempfile.mkdtemp(prefix="site-nginx-")) if tmp is None else tmp
    proc: subprocess.Popen | None = None
    try:
        for _attempt in range(3):  # the free port may be taken between choosing and binding it
            port = free_port()
            conf = _main_conf(Path(site).resolve(), tmp, port)
            proc = subprocess.Popen(
                [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                except OSError:
                    time.sleep(0.05)
                    continue
                yield f"http://127.0.0.1:{port}"
                return
            _stop(proc)
        log = (tmp / "error.log").read_text(errors="replace") if (tmp / "error.log").exists() else ""
        raise RuntimeError(f"nginx did not start with deploy/nginx.conf:\n{log[-3000:]}")
    finally:
        _stop(proc)
        if own_tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _stop(proc: subprocess.Popen | None) -> None:
    if proc and proc.poll() is None:
        proc.terminate()  # SIGTERM to the master we started: fast shutdown
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_GZIP_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".map", ".xml", ".csv", ".txt", ".svg", ".webmanifest"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """http.server, gzip -6 for deploy/nginx.conf's text types of at least 1 KB, quiet."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".webmanifest": "application/manifest+json", ".woff2": "font/woff2"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if (path.is_file() and path.suffix in _GZIP_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", "")
                and path.stat().st_size >= 1024):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def log_message(self, format, *args):  # noqa: A002 - keep output clean
        pass


@contextmanager
def python_server(site: Path) -> Iterator[str]:
    """The fallback without nginx: Python's http.server in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, str]]:
    """Yields (base URL without trailing slash, what serves it): nginx when installed."""
    if NGINX:
        with nginx(site) as url:
            yield url, "nginx with deploy/nginx.conf"
    else:
        with python_server(Path(site).resolve()) as url:
            yield url, "python http.server with gzip (nginx not installed: no production headers)"
