# CSCP Practice Reviews: one image for web (gunicorn), worker and beat (Celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders the report PDFs through Pango and HarfBuzz; Tesseract reads every page of
# an uploaded report (issue 15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected (hashed and compressed for WhiteNoise) into the image. The
# settings refuse to load in production mode without a secret and hosts: give build-only ones.
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=build-only-collectstatic-key-never-used-to-sign-anything-0123456789 \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input --verbosity 0

# Run as an unprivileged user; private media (attachments, drafts, PDFs) lives in a volume.
RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /srv/private-media \
    && chown app:app /srv/private-media
ENV CSCP_PRIVATE_MEDIA_ROOT=/srv/private-media
USER app

EXPOSE 8000
CMD ["gunicorn", "cscp.wsgi:application", "--bind=0.0.0.0:8000", "--no-control-socket", \
     "--worker-tmp-dir=/dev/shm", "--access-logfile=-"]
