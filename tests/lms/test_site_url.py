"""SITE_URL: the one address every absolute link uses (certificate QR code and printed
address, email links). Production refuses to start without a public one; `make run` links to
the port it serves on.

Settings are read once per process, so each case runs in a subprocess with its own
environment (settings only, no django.setup(): about a second each).
"""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# Variables of the test run (or CI) that must not leak into the subprocesses.
ENV_TO_CLEAR = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "SQLITE_PATH",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "PORT",
    "PREVENT_ACCOUNT_ENUMERATION",
    "DEBUG",
)

READER = """
import json
from django.conf import settings
print(json.dumps({
    "site_url": settings.WAGTAILADMIN_BASE_URL,
    "prevent_enumeration": settings.ACCOUNT_PREVENT_ENUMERATION,
}))
"""


def read_settings(module: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ENV_TO_CLEAR}
    environment.update(
        PYTHONPATH=str(settings.BASE_DIR),
        DJANGO_SETTINGS_MODULE=module,
        SQLITE_PATH=str(tmp_path / "unused.sqlite3"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", READER],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return read_settings(
        "lms.settings.production",
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="academy.example.org",
        **env,
    )


def test_production_refuses_to_start_without_site_url(tmp_path):
    result = production(tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set" in result.stderr
    assert "SITE_URL=https://academy.example.org" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "http://127.0.0.1:8000",
        "http://127.8.0.1",
        "https://localhost/",
        "http://[::1]:8801",
        "http://0.0.0.0:8000",
    ],
)
def test_production_refuses_a_loopback_site_url(tmp_path, site_url):
    result = production(tmp_path, SITE_URL=site_url)

    assert result.returncode != 0
    assert "SITE_URL must not be a loopback address" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    ["academy.example.org", "ftp://academy.example.org", "https://", "https://host:port/"],
)
def test_production_refuses_a_site_url_that_is_not_a_web_address(tmp_path, site_url):
    result = production(tmp_path, SITE_URL=site_url)

    assert result.returncode != 0
    assert "SITE_URL must be an http:// or https:// address with a host name" in result.stderr


def test_production_starts_with_a_public_site_url_and_prevents_enumeration(tmp_path):
    result = production(tmp_path, SITE_URL="https://academy.example.org/")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "site_url": "https://academy.example.org",
        "prevent_enumeration": True,
    }


def test_production_enumeration_prevention_can_be_turned_off(tmp_path):
    result = production(
        tmp_path, SITE_URL="https://academy.example.org", PREVENT_ACCOUNT_ENUMERATION="false"
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["prevent_enumeration"] is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8801"}, "http://127.0.0.1:8801"),
        ({"PORT": "8801", "SITE_URL": "http://192.168.1.20:8801"}, "http://192.168.1.20:8801"),
    ],
    ids=["default", "port", "site-url-wins"],
)
def test_development_links_to_the_port_it_serves_on(tmp_path, env, expected):
    result = read_settings("lms.settings.dev", tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["site_url"] == expected


# --- Email links ------------------------------------------------------------------------------


@pytest.fixture
def public_site(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)  # WhiteNoise warns when it does not exist
    settings.WAGTAILADMIN_BASE_URL = "https://academy.example.org"
    return settings.WAGTAILADMIN_BASE_URL


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_account_emails_link_to_site_url_whatever_host_the_request_came_in_on(
    client, public_site, trainee, mailoutbox
):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Asha Rao",
            "email": "asha.rao@example.org",
            "password1": "lantern-orchard-97",
            "password2": "lantern-orchard-97",
        },
    )
    client.post("/accounts/password/reset/", {"email": trainee.email})
    client.post("/accounts/password/reset/", {"email": "nobody.here@example.org"})
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Someone Else",
            "email": trainee.email,
            "password1": "lantern-orchard-97",
            "password2": "lantern-orchard-97",
        },
    )

    assert len(mailoutbox) == 4
    for message in mailoutbox:
        assert links(message), message.body
        assert all(link.startswith(f"{public_site}/accounts/") for link in links(message)), (
            message.body
        )
