# Baomi production image: gunicorn web, Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango/HarfBuzz for WeasyPrint, a CJK font for Chinese PDFs, poppler for PDF checks,
# pg_dump/pg_restore for backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-noto-cjk poppler-utils postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /app baomi
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir . && pip uninstall -y baomi
COPY --chown=baomi:baomi . .

ENV DEBUG=0 \
    STATIC_ROOT=/app/var/staticfiles \
    MEDIA_ROOT=/app/var/media \
    AUDIT_CHECKPOINT_DIR=/app/var/audit-checkpoints \
    BACKUP_DIR=/app/var/backups
# Throw-away keys for collectstatic only, so that no key is made and kept in the image: the
# real SECRET_KEY and AUDIT_KEY come from the environment (docker-compose.yml, README).
RUN SECRET_KEY=build-only-collectstatic AUDIT_KEY=build-only-collectstatic-not-a-real-key-0000 \
      python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media /app/var/audit-checkpoints /app/var/backups \
 && chown -R baomi:baomi /app/var && chmod 750 /app/var/audit-checkpoints /app/var/backups

USER baomi
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
