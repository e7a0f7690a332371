"""The app as an operator runs it, for the deployment tests: `manage.py` commands and gunicorn
with deploy/gunicorn.conf.py, in subprocesses, on production settings and a database and
folders of the test's own."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SITE_HOST = "academy.example.org"
# Variables of the developer's or CI's environment that must not leak into the app under test.
UNSET = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SQLITE_PATH",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STORAGE_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "STATIC_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "GUNICORN_CMD_ARGS",
)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def production_env(folder: Path, **extra: str) -> dict[str, str]:
    """Production settings with everything the app keeps (database, media, private files,
    static files) in `folder`: a SQLite file unless `extra` sets DATABASE_URL."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="deploy-test-" + "k" * 60,
        ALLOWED_HOSTS=SITE_HOST,
        SITE_URL=f"https://{SITE_HOST}",
        SQLITE_PATH=str(folder / "db.sqlite3"),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        STATIC_ROOT=str(folder / "static_collected"),
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """Run `manage.py <args>`; its output, or AssertionError with it when it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py lms.wsgi on a free loopback port; its access and
    error log go to `log`."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2):
        self.port = free_port()
        self.log = log
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
        }
        self.process = None

    def __enter__(self) -> "Gunicorn":
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [
                    str(VENV_BIN / "gunicorn"),
                    "--config",
                    str(REPO / "deploy" / "gunicorn.conf.py"),
                    "lms.wsgi",
                ],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for_port(self.port, self.process, self.log)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)


def stop(process: subprocess.Popen | None, seconds: float = 30) -> None:
    """SIGTERM the process group, then SIGKILL what is left after `seconds`."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
