#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and storage, then bring the
# schema up to this code's migrations. See deploy/BACKUP.md.
#
# Usage: deploy/restore.sh FOLDER
# Environment: DATABASE_URL (postgres://..., an empty database that exists), and MEDIA_ROOT or
# the S3 settings of the storage to fill; DJANGO_SETTINGS_MODULE (default
# lms.settings.production); PYTHON (default .venv/bin/python).
# Stop the web, worker and beat services first: nothing may write while it runs.
set -euo pipefail

cd "$(dirname "$0")/.."
folder="${1:?usage: deploy/restore.sh FOLDER (made by deploy/backup.sh)}"
: "${DATABASE_URL:?DATABASE_URL must point at the empty PostgreSQL database to restore into}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL must be a postgres:// or postgresql:// address" >&2; exit 2 ;;
esac
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.production}"
PYTHON="${PYTHON:-.venv/bin/python}"

# Check the whole backup before writing anything.
(cd "$folder" && sha256sum --check --quiet SHA256SUMS)
"$PYTHON" manage.py storage_restore --check --from "$folder/storage"

tables=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the database already has $tables table(s); restore into a new, empty one" >&2
  exit 2
fi

# One transaction: a failure leaves the database empty, never half restored.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$DATABASE_URL" "$folder/database.dump"
"$PYTHON" manage.py storage_restore --from "$folder/storage"
# A backup from older code is brought up to this code's schema (a no-op for the same code).
"$PYTHON" manage.py migrate --noinput
echo "Restored $folder. Check it as deploy/BACKUP.md says before opening the site."
