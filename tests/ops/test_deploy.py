"""The deployment recipe in deploy/ is tested, not only described: gunicorn loads its
configuration with production settings, systemd accepts the units, and nginx runs the site
file in front of gunicorn (on loopback ports, with a certificate of the test's own), serving
static files and public media itself, refusing private media, and passing the proxy headers
the app relies on."""

import configparser
import http.client
import json
import os
import re
import shlex
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require

from .app_server import REPO, SITE_HOST, Gunicorn, free_port, manage, production_env, stop
from .app_server import wait_for_port as _wait_for_port

DEPLOY = REPO / "deploy"
UNITS = ["academy-web.service", "academy-worker.service", "academy-beat.service"]
# What the units and the site file say about the server, replaced by the test's own folders.
SERVER_ROOT = "/srv/academy"


def _gunicorn_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--check-config",
            "--config",
            str(DEPLOY / "gunicorn.conf.py"),
            "lms.wsgi",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gunicorn_config_loads_the_app_on_production_settings(tmp_path):
    """--check-config imports the app (preload_app): production settings start."""
    result = _gunicorn_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_refuses_to_start_with_a_broken_environment(tmp_path):
    """With preload, a missing SECRET_KEY stops the master at start, with the reason,
    instead of every worker failing on its first request."""
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _gunicorn_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stdout + result.stderr


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_systemd_unit_runs_the_runbook_commands_with_hardening(name):
    unit = _unit(name)
    service = unit["Service"]
    assert service["User"] == "academy"
    assert service["WorkingDirectory"] == SERVER_ROOT
    assert service["EnvironmentFile"] == "/etc/academy/env"
    assert service["Restart"] == "on-failure"
    for option in ("NoNewPrivileges", "PrivateTmp"):
        assert service[option] == "yes", option
    assert service["ProtectSystem"] == "strict"
    assert [path.lstrip("-") for path in service["ReadWritePaths"].split()] == [
        f"{SERVER_ROOT}/media",
        f"{SERVER_ROOT}/private_media",
    ]
    command = shlex.split(service["ExecStart"])
    # The virtualenv the README's install step makes, in the working directory.
    assert command[0].startswith(f"{SERVER_ROOT}/.venv/bin/"), command
    assert (REPO / ".venv" / "bin" / Path(command[0]).name).exists()
    if name == "academy-web.service":
        assert command[1:] == [
            "--config",
            f"{SERVER_ROOT}/deploy/gunicorn.conf.py",
            "lms.wsgi",
        ]
    else:
        assert command[1:4] == ["--app", "lms", name.split("-")[1].split(".")[0]]


def test_systemd_accepts_the_units(tmp_path):
    """systemd-analyze verify, with the server's folder replaced by this checkout, so that
    every command it checks is the one the runbook installs."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed; the units were checked as INI above")
    paths = []
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text().replace(SERVER_ROOT, str(REPO))
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *paths], capture_output=True, text=True, timeout=120
    )
    # systemd only warns about an unknown option or a bad value: any message is a failure.
    messages = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "Failed to connect to bus" not in line
    ]
    assert result.returncode == 0 and not messages, "\n".join(messages)


# --- nginx in front of gunicorn ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated installation on production settings (SQLite), its static files collected,
    a public image and private files in its media folder."""
    folder = tmp_path_factory.mktemp("site")
    env = production_env(folder, CERTIFICATES_VERIFY_RATE="2/m", LOGIN_RATE_LIMIT="100/m/ip")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "setup_site")
    manage(env, "collectstatic", "--noinput", "-v0")
    media = folder / "media"
    for name, content in {
        "original_images/public.png": b"\x89PNG public image",
        "certificates/2025/0123456789abcdef.pdf": b"%PDF private certificate",
        "documents/handbook.pdf": b"%PDF private document",
    }.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    return folder, env


def _nginx():
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    require("nginx", None if binary else "not installed (Debian package: nginx)")
    return binary


class Nginx:
    """deploy/nginx/academy.conf in an http block of the test's own, on loopback ports."""

    def __init__(self, binary: str, folder: Path, app_port: int):
        self.binary = binary
        self.folder = folder
        self.https_port = free_port()
        self.http_port = free_port()
        self.log = folder / "nginx.log"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                f"/CN={SITE_HOST}",
                "-addext",
                f"subjectAltName=DNS:{SITE_HOST}",
                "-keyout",
                str(folder / "key.pem"),
                "-out",
                str(folder / "cert.pem"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        site = (DEPLOY / "nginx" / "academy.conf").read_text()
        replacements = {
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
            f"/etc/letsencrypt/live/{SITE_HOST}/fullchain.pem": str(folder / "cert.pem"),
            f"/etc/letsencrypt/live/{SITE_HOST}/privkey.pem": str(folder / "key.pem"),
            f"{SERVER_ROOT}/static_collected/": f"{folder}/static_collected/",
            f"root {SERVER_ROOT};": f"root {folder};",
        }
        for old, new in replacements.items():
            assert old in site, f"deploy/nginx/academy.conf no longer says {old!r}: update the test"
            site = site.replace(old, new)
        site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
        (folder / "academy.conf").write_text(site)
        user = "user root;" if os.geteuid() == 0 else ""  # workers must read tmp_path
        (folder / "nginx.conf").write_text(
            f"""{user}
worker_processes 1;
pid {folder}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/academy.conf;
}}
"""
        )
        self.command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"]
        self.process = None

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True, timeout=60)

    def __enter__(self) -> "Nginx":
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*self.command, "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_for_port(self.https_port, self.process, self.log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)

    def request(
        self, method: str, path: str, *, source: str = "127.0.0.1", headers=None, body=None
    ):
        """One HTTPS request for SITE_HOST from the loopback address `source`; the response
        with its body read."""
        context = ssl.create_default_context(cafile=str(self.folder / "cert.pem"))
        context.check_hostname = False  # connecting to 127.0.0.1; the certificate is ours
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=context, timeout=60, source_address=(source, 0)
        )
        try:
            connection.request(
                method, path, body=body, headers={"Host": SITE_HOST, **(headers or {})}
            )
            response = connection.getresponse()
            response.data = response.read()
            return response
        finally:
            connection.close()


def _plain_get(port: int, path: str, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": SITE_HOST, **(headers or {})})
        response = connection.getresponse()
        response.data = response.read()
        return response
    finally:
        connection.close()


@pytest.fixture(scope="module")
def stack(site):
    """nginx on the site file in front of gunicorn on the deploy config. One gunicorn worker:
    without REDIS_URL the rate-limit counters this test reads live in a worker's memory."""
    binary = _nginx()
    folder, env = site
    with Gunicorn(env, folder / "gunicorn.log", workers=1) as app:
        proxy = Nginx(binary, folder, app.port)
        checked = proxy.check()
        assert checked.returncode == 0, checked.stdout + checked.stderr
        with proxy:
            yield proxy, app


def test_nginx_passes_the_scheme_so_the_app_answers_as_https(stack):
    proxy, app = stack
    home = proxy.request("GET", "/")
    assert home.status == 200, home.data[:500]
    assert b"Peer Support Academy" in home.data
    # Django's SecurityMiddleware sends HSTS only on a request it believes is secure.
    assert "max-age=" in (home.getheader("Strict-Transport-Security") or "")
    # The same request straight to gunicorn, without X-Forwarded-Proto, is sent to https.
    direct = _plain_get(app.port, "/")
    assert direct.status == 301
    assert direct.getheader("Location") == f"https://{SITE_HOST}/"


def test_plain_http_is_redirected_to_https(stack):
    proxy, _app = stack
    response = _plain_get(proxy.http_port, "/learn/?x=1")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{SITE_HOST}/learn/?x=1"


def test_a_load_balancer_checks_health_over_plain_http_with_any_host(stack):
    proxy, _app = stack
    for path in ("/health/live/", "/health/ready/"):
        connection = http.client.HTTPConnection("127.0.0.1", proxy.http_port, timeout=60)
        try:
            connection.request("GET", path, headers={"Host": "10.0.0.5"})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status == 200, path


def test_request_id_reaches_gunicorn_and_comes_back(stack, site):
    proxy, _app = stack
    folder, _env = site
    given = proxy.request("GET", "/accounts/login/", headers={"X-Request-ID": "lb-given-id-42"})
    assert given.status == 200
    assert given.getheader("X-Request-ID") == "lb-given-id-42"
    made = proxy.request("GET", "/accounts/login/")
    made_id = made.getheader("X-Request-ID")
    assert made_id and re.fullmatch(r"[0-9a-f]{32}", made_id)
    # An answer nginx makes itself (too large a body) carries one as well.
    refused = proxy.request("POST", "/accounts/login/", body=b"x" * (13 * 1024 * 1024))
    assert refused.status == 413
    assert re.fullmatch(r"[0-9a-f]{32}", refused.getheader("X-Request-ID") or "")
    # gunicorn writes the access line after the response has gone: wait for it.
    deadline = time.monotonic() + 30
    while made_id not in (log := (folder / "gunicorn.log").read_text()):
        assert time.monotonic() < deadline, log[-2000:]
        time.sleep(0.2)
    assert re.search(
        r"^127\.0\.0\.1 lb-given-id-42 .*\"GET /accounts/login/ HTTP/1\.[01]\" 200 ", log, re.M
    )


def test_static_files_come_from_nginx_with_a_long_cache_and_gzip(stack, site):
    proxy, _app = stack
    folder, _env = site
    manifest = json.loads((folder / "static_collected" / "staticfiles.json").read_text())
    hashed = next(name for source, name in manifest["paths"].items() if source.endswith(".css"))
    response = proxy.request("GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert "immutable" in response.getheader("Cache-Control")
    assert response.getheader("Content-Encoding") == "gzip"
    # Served by nginx from STATIC_ROOT: gunicorn never saw it.
    assert f"/static/{hashed}" not in (folder / "gunicorn.log").read_text()


def test_media_serves_public_images_and_never_private_files(stack):
    proxy, _app = stack
    image = proxy.request("GET", "/media/original_images/public.png")
    assert image.status == 200
    assert image.data == b"\x89PNG public image"
    for private in (
        "/media/certificates/2025/0123456789abcdef.pdf",
        "/media/documents/handbook.pdf",
    ):
        response = proxy.request("GET", private)
        assert response.status == 404, private
        assert b"private" not in response.data


def test_rate_limits_count_each_client_not_the_proxy(stack):
    """/verify/ allows 2 lookups a minute per address here. A visitor from 127.0.0.2 uses
    theirs up (a forged X-Forwarded-For does not help); one from 127.0.0.3 still gets in."""
    proxy, _app = stack
    path = "/verify/?code=ABCD-EFGH-JKLM"
    statuses = [
        proxy.request(
            "GET", path, source="127.0.0.2", headers={"X-Forwarded-For": f"10.0.0.{n}"}
        ).status
        for n in range(3)
    ]
    assert 429 not in statuses[:2] and statuses[2] == 429, statuses
    other = proxy.request("GET", path, source="127.0.0.3")
    assert other.status != 429


def test_uploads_up_to_the_image_limit_pass_and_larger_ones_stop_at_nginx(stack):
    from django.conf import settings

    limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    proxy, _app = stack
    # A form upload as a browser sends it (multipart, with its Referer) of a file just over
    # the image limit reaches the app, which reads it and refuses it for want of a CSRF token
    # (403), not nginx (413). The app must read the body before it answers: a worker that
    # answers an unread body and closes resets the connection, and nginx may then answer 502
    # instead of the app's 403 (as a bare body of x's did in CI, now and then).
    boundary = "academy-upload-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + b"x" * (limit + 64 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    allowed = proxy.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"https://{SITE_HOST}/accounts/login/",
        },
    )
    assert allowed.status == 403, allowed.data[:500]
    assert b"CSRF" in allowed.data
    too_big = proxy.request("POST", "/accounts/login/", body=b"x" * (limit + 4 * 1024 * 1024))
    assert too_big.status == 413
