#!/usr/bin/env bash
# Back up Peer Support Academy: the database (pg_dump, custom format) and every file of the
# default storage (local MEDIA_ROOT or the S3-compatible bucket, through Django's storage
# API). See deploy/BACKUP.md.
#
# Usage: deploy/backup.sh [FOLDER]
#   FOLDER defaults to $BACKUP_ROOT/<UTC time> ($BACKUP_ROOT defaults to /var/backups/academy).
# Environment: what the app reads (/etc/academy/env): DATABASE_URL (postgres://...), and
# MEDIA_ROOT or the S3 settings; DJANGO_SETTINGS_MODULE (default lms.settings.production);
# PYTHON, the virtualenv's python (default .venv/bin/python beside this script's folder).
set -euo pipefail

cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a postgres:// or postgresql:// address" >&2; exit 2 ;;
esac
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.production}"
PYTHON="${PYTHON:-.venv/bin/python}"
folder="${1:-${BACKUP_ROOT:-/var/backups/academy}/$(date -u +%Y%m%dT%H%M%SZ)}"

if [ -e "$folder" ] && [ -n "$(ls -A "$folder")" ]; then
  echo "backup.sh: $folder is not empty; back up into a new folder" >&2
  exit 2
fi
# Certificates and the database hold personal data: only the owner may read the backup.
umask 077
mkdir -p "$folder"

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# The database first: a file written after the dump is at worst an orphan in the backup; a
# row pointing at a file taken before it was written would be a missing certificate.
pg_dump --format=custom --no-owner --no-privileges --file "$folder/database.dump" "$DATABASE_URL"
"$PYTHON" manage.py storage_backup --to "$folder/storage"

cat >"$folder/BACKUP-INFO" <<INFO
started: $started
finished: $(date -u +%Y-%m-%dT%H:%M:%SZ)
code: $(git rev-parse HEAD 2>/dev/null || echo unknown)
last migrations: $("$PYTHON" manage.py showmigrations --plan | grep -c '^\[X\]') applied
INFO
(cd "$folder" && sha256sum database.dump storage/manifest.json >SHA256SUMS)
echo "Backup written to $folder"
