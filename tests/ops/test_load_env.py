"""`make load` (deploy/load.py) runs on its own database and nothing live: every process it
starts gets DATABASE_URL, REDIS_URL and CELERY_BROKER_URL blanked or set to its own, so
neither the environment nor the checkout's `.env` (read with setdefault) can reach a live
installation. The run itself takes minutes and is not a test."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load_module():
    spec = importlib.util.spec_from_file_location("load", REPO / "deploy" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_load_test_blanks_every_live_address(tmp_path):
    load = _load_module()
    live = {
        "DATABASE_URL": "postgres://u@live/academy",
        "REDIS_URL": "redis://live:6379/0",
        "CELERY_BROKER_URL": "redis://live:6379/1",
        "EMAIL_URL": "smtp://live",
        "SENTRY_DSN": "https://key@sentry.example.org/1",
        "AWS_STORAGE_BUCKET_NAME": "live-bucket",
        "PATH": "/usr/bin",
    }
    env = load.server_environment(live, "postgres://u@127.0.0.1/academy_load", tmp_path)
    assert env["DATABASE_URL"] == "postgres://u@127.0.0.1/academy_load"
    assert env["REDIS_URL"] == env["CELERY_BROKER_URL"] == env["EMAIL_URL"] == ""
    assert env["SENTRY_DSN"] == env["AWS_STORAGE_BUCKET_NAME"] == ""
    assert env["STORAGE_BACKEND"] == "local"
    assert env["PATH"] == "/usr/bin"
    own = load.server_environment({**live, "LOAD_REDIS_URL": "redis://own:6379/3"}, "x", tmp_path)
    assert own["REDIS_URL"] == "redis://own:6379/3"


def test_the_floor_server_is_the_bench_floor():
    load = _load_module()
    assert callable(load.floor_application)
    from tests.benchmarks.course_pages import _plain_wagtail_page

    assert callable(_plain_wagtail_page)
