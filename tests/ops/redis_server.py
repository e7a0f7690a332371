"""A redis-server of the test's own on a free port, that the test may kill, pause or restart.

The Redis that CI's suite and worker use is never touched.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.conftest import require


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.process = None
        self.paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def kill(self) -> None:
        if self.process is not None:
            if self.paused:
                self.cont()
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def cont(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False


@pytest.fixture
def redis_server(tmp_path):
    """A fresh redis-server (skipped, or failed under LMS_REQUIRE_SERVICES=1, without one)."""
    require(
        "redis-server",
        None if shutil.which("redis-server") else "redis-server is not on the PATH",
    )
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()
