#!/usr/bin/env bash
# `make serve`: the production settings under gunicorn on 127.0.0.1:${PORT:-8000}, with
# PostgreSQL and Redis from the environment (local defaults below). Migrates and collects
# static files first. GUNICORN_CMD_ARGS adds gunicorn options (e.g. "--access-logfile=-").
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/blog}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
# TLS ends at the proxy in front of the app servers; on loopback there is none.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
if [ -z "${SECRET_KEY:-}" ]; then
    # A key for this machine only, made once under var/ (never in the repository).
    mkdir -p var
    [ -s var/secret_key ] || .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
    SECRET_KEY="$(cat var/secret_key)"
    export SECRET_KEY
fi

.venv/bin/python -m config.ensure_database
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0

exec .venv/bin/gunicorn config.wsgi:application \
    --bind "127.0.0.1:${PORT:-8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --worker-tmp-dir /dev/shm \
    --timeout 30 \
    --graceful-timeout 10
