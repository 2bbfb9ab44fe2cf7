# Builds what `make run` builds: the esbuild bundle of frontend/, then the Python package
# (editable, so migrations/ next to it is found), migrated on start and served by uvicorn.

FROM node:20-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HEELSTRONG_HOST=0.0.0.0 HEELSTRONG_PORT=8000 \
    HEELSTRONG_DATABASE_URL=sqlite:////data/heelstrong.db
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY backend/ backend/
COPY migrations/ migrations/
# The PDF summary's Unicode font; its version follows the base image's Debian release.
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-wqy-microhei && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir -e . \
 && useradd --system --uid 10001 --home /app heelstrong \
 && mkdir /data && chown heelstrong /data
COPY --from=frontend /app/frontend/dist frontend/dist
USER 10001
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health')"]
# Migrations run once, before the workers start (set HEELSTRONG_WORKERS or pass --workers N).
CMD ["heelstrong", "serve", "--migrate"]
