"""deploy/backup.sh and deploy/restore.sh, proved end to end on PostgreSQL: an installation
with an issued certificate and trainees' progress is backed up, restored into a fresh
database and an empty media folder, and the restored site still verifies the certificate,
gives its holder the same PDF and shows each trainee the same progress.

The databases are throwaway ones of this test's own on the server the test database is on
(never the test database itself, nor `lms`), dropped at the end.
"""

import json
import os
import subprocess
import uuid
from io import StringIO

import psycopg
import pytest
from django.db import connection

from .app_server import REPO, SITE_HOST, manage, production_env
from .s3_server import BUCKET, s3_server, storages_for  # noqa: F401


def _url(settings: dict, name: str) -> str:
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@pytest.fixture
def databases(postgres):
    """Two empty databases, for the installation and for its restore; dropped afterwards."""
    settings = connection.settings_dict
    suffix = uuid.uuid4().hex[:8]
    names = [f"g_backup_{suffix}", f"g_restore_{suffix}"]
    admin = psycopg.connect(_url(settings, "postgres"), autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield [_url(settings, name) for name in names]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _shell(env: dict[str, str], code: str) -> dict:
    out = manage(env, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def _script(name: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / "deploy" / name), *args],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.postgres
def test_a_restored_backup_verifies_the_certificate_and_keeps_progress(databases, tmp_path):
    original_db, fresh_db = databases
    original = production_env(
        tmp_path / "original", DATABASE_URL=original_db, CELERY_BROKER_URL="", REDIS_URL=""
    )
    (tmp_path / "original").mkdir()
    # The installation is built on development settings (the demo loader refuses
    # production), with the same database and media folder.
    seeding = {**original, "DJANGO_SETTINGS_MODULE": "lms.settings.dev"}
    manage(seeding, "migrate", "--noinput", "-v0")
    manage(seeding, "setup_site")
    before = _shell(seeding, "from tests.ops.backup_site import seed; seed()")
    assert before["progress"]["trainee@example.org"] == ["100/17/17"]
    assert before["progress"]["second.trainee@example.org"] == ["17/3/17"]

    backup = tmp_path / "backup"
    made = _script("backup.sh", {**original, "PYTHON": str(REPO / ".venv/bin/python")}, str(backup))
    assert made.returncode == 0, made.stdout + made.stderr
    assert (backup / "database.dump").stat().st_size > 0
    assert (backup / "storage" / "private" / before["pdf_name"]).is_file()
    assert oct(backup.stat().st_mode & 0o777) == "0o700"

    # A new server: a fresh database and an empty media folder.
    restored = production_env(
        tmp_path / "restored", DATABASE_URL=fresh_db, CELERY_BROKER_URL="", REDIS_URL=""
    )
    (tmp_path / "restored").mkdir()
    assert not (tmp_path / "restored" / "private_media").exists()
    python = {"PYTHON": str(REPO / ".venv/bin/python")}
    done = _script("restore.sh", {**restored, **python}, str(backup))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "restored" / "private_media" / before["pdf_name"]).is_file()

    # The new server's code collects its static files as after any deployment.
    manage(restored, "collectstatic", "--noinput", "-v0")
    after = _shell(
        restored,
        f"from tests.ops.backup_site import look; look({before['code']!r}, {SITE_HOST!r})",
    )
    assert after["verify_status"] == 200
    assert after["verify_valid"] and after["verify_names_holder"]
    assert after["download_status"] == 200
    assert after["download_sha256"] == before["pdf_sha256"]
    assert after["progress"] == before["progress"]

    # Restoring over a database that has data is refused, and changes nothing.
    again = _script("restore.sh", {**restored, **python}, str(backup))
    assert again.returncode == 2
    assert "restore into a new, empty one" in again.stderr


@pytest.mark.postgres
def test_restore_refuses_a_damaged_backup(databases, tmp_path):
    """A backup whose files do not match their checksums is refused before anything is
    written to the database or the storage."""
    original_db, fresh_db = databases
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "note.txt").write_text("kept")
    env = production_env(tmp_path, DATABASE_URL=original_db, CELERY_BROKER_URL="", REDIS_URL="")
    manage({**env, "DJANGO_SETTINGS_MODULE": "lms.settings.dev"}, "migrate", "--noinput", "-v0")
    python = {"PYTHON": str(REPO / ".venv/bin/python")}
    made = _script("backup.sh", {**env, **python}, str(tmp_path / "backup"))
    assert made.returncode == 0, made.stdout + made.stderr
    (tmp_path / "backup" / "storage" / "default" / "note.txt").write_text("changed")

    restored = production_env(
        tmp_path / "new", DATABASE_URL=fresh_db, CELERY_BROKER_URL="", REDIS_URL=""
    )
    (tmp_path / "new").mkdir()
    done = _script("restore.sh", {**restored, **python}, str(tmp_path / "backup"))
    assert done.returncode != 0
    assert not (tmp_path / "new" / "media").exists()
    with psycopg.connect(fresh_db) as check:
        tables = check.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    assert tables == 0
    assert os.path.exists(tmp_path / "backup" / "database.dump")


def test_storage_commands_copy_every_file_of_a_bucket_and_put_it_back(s3_server, tmp_path):  # noqa: F811
    """With S3-compatible storage the same commands read and write the bucket through
    Django's storage API: media under media/, private files under private/."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.core.management import call_command
    from django.test import override_settings

    built = storages_for(s3_server.env())
    with override_settings(STORAGES=built["STORAGES"]):
        storages["default"].save("original_images/public.png", ContentFile(b"image"))
        storages["private"].save("certificates/2025/abc.pdf", ContentFile(b"%PDF holder"))
        before = s3_server.keys()
        assert before == ["media/original_images/public.png", "private/certificates/2025/abc.pdf"]

        call_command("storage_backup", "--to", str(tmp_path / "backup"), stdout=StringIO())
        client = s3_server.client()
        for key in before:
            client.delete_object(Bucket=BUCKET, Key=key)
        assert s3_server.keys() == []
        call_command("storage_restore", "--from", str(tmp_path / "backup"), stdout=StringIO())

    assert s3_server.keys() == before
    assert s3_server.read("private/certificates/2025/abc.pdf") == b"%PDF holder"
    assert (tmp_path / "backup" / "private" / "certificates/2025/abc.pdf").read_bytes() == (
        b"%PDF holder"
    )
