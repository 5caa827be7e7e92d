# PDP Portal production image: gunicorn for the web, the same image for the Celery workers and beat.
# Build: docker compose build   Run: docker compose up -d   (see docker-compose.yml and .env.example)

# --- build stage: compile the wheels (psycopg2 builds from source against libpq) ---------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.lock /tmp/requirements.lock
RUN pip wheel --wheel-dir /wheels -r /tmp/requirements.lock

# --- runtime stage ----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/app/var \
    PORT=8000
# libpq5 for psycopg2; WeasyPrint's libraries; Noto and DejaVu cover every Vietnamese tone mark;
# gettext for compilemessages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpq5 \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig shared-mime-info \
      fonts-noto-core fonts-dejavu-core \
      gettext \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /wheels /wheels
COPY requirements.lock /tmp/requirements.lock
RUN pip install --no-index --find-links /wheels -r /tmp/requirements.lock \
 && rm -rf /wheels /tmp/requirements.lock

RUN useradd --system --uid 1000 --user-group --home-dir /app --shell /usr/sbin/nologin pdp
WORKDIR /app
COPY --chown=pdp:pdp . /app

# Translations and static files are built into the image. The settings need a SECRET_KEY to
# load; this one exists only during the build. DEBUG stays off so collectstatic writes the
# hashed, compressed files that whitenoise serves in production.
RUN SECRET_KEY=build-only-not-a-secret python manage.py compilemessages -v0 --ignore=var \
 && SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput -v0 \
 && mkdir -p var/media var/mail \
 && chown -R pdp:pdp var

USER pdp
EXPOSE 8000
# The web process; docker-compose.yml runs the workers and beat from this image with other commands.
CMD ["sh", "-c", "exec gunicorn pdp_portal.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --timeout ${GUNICORN_TIMEOUT:-60} --access-logfile -"]
