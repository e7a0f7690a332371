"""A real S3-compatible server of the test's own: moto's standalone server (the S3 HTTP API,
from PyPI, a dev dependency) on a free port, with an empty bucket; killed at the end.

Skipped without moto, and a failure under LMS_REQUIRE_SERVICES=1 (CI): the dev dependencies
install it (`make install`), so CI needs nothing else started.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require

REPO = Path(__file__).resolve().parents[2]
BUCKET = "academy-test"
# moto accepts any keys; the app signs with these as it would with real ones.
ACCESS_KEY = "academy-test-key"
SECRET_KEY = "academy-test-secret"  # noqa: S105
REGION = "ap-south-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.log = folder / "moto.log"
        self.process = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The environment variables an operator sets for this bucket."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited:\n{self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"moto_server did not listen on {self.port} within 60 s")
        self.client().create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _moto_missing() -> str | None:
    try:
        import boto3  # noqa: F401
        import flask  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as error:
        return f"moto's server is not installed ({error}); make install adds it"
    return None


@pytest.fixture
def s3_server(tmp_path):
    """A running moto S3 server with an empty bucket."""
    require("moto (S3-compatible server)", _moto_missing())
    server = S3Server(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def storages_for(env: dict[str, str]) -> dict:
    """STORAGES (and the CSP) as lms/settings/base.py builds them from `env`, read from a
    fresh process, so the tests exercise the settings an operator's variables produce."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'STORAGES': settings.STORAGES, 'CSP': settings.CONTENT_SECURITY_POLICY,"
        "'ADMIN_CSP': settings.LMS_ADMIN_CONTENT_SECURITY_POLICY}))"
    )
    run_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env={**run_env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
