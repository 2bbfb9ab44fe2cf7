"""The Dockerfile and compose.yaml can't be built here (no Docker engine), so they are kept
honest by a linter and by checking they run the same steps as `make run`."""

import re
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text()


def test_hadolint_finds_nothing_in_the_dockerfile():
    hadolint = shutil.which("hadolint") or str(Path(__file__).resolve().parents[2] / ".venv/bin/hadolint")
    result = subprocess.run([hadolint, "--no-color", str(REPO / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_builds_what_make_run_builds():
    makefile = (REPO / "Makefile").read_text()
    for step in ("npm ci", "npm run build", "pip install --quiet -e '.[test]'", "heelstrong serve --migrate"):
        assert step in makefile, step
    assert "RUN npm ci" in DOCKERFILE and "RUN npm run build" in DOCKERFILE
    assert "pip install --no-cache-dir -e ." in DOCKERFILE
    assert 'CMD ["heelstrong", "serve", "--migrate"]' in DOCKERFILE
    for source in re.findall(r"^COPY (?!--from)(\S+)", DOCKERFILE, re.MULTILINE):
        assert (REPO / "frontend" / source).exists() or (REPO / source).exists(), source


def test_the_container_runs_as_a_non_root_user_with_a_healthcheck():
    assert re.search(r"^USER 10001$", DOCKERFILE, re.MULTILINE)
    assert "HEALTHCHECK" in DOCKERFILE and "/api/health" in DOCKERFILE


def test_compose_runs_the_app_on_postgresql_after_it_is_healthy():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    app, db = compose["services"]["app"], compose["services"]["db"]
    assert app["build"] == "." and app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["environment"]["HEELSTRONG_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert db["image"].startswith("postgres:") and "pg_isready" in db["healthcheck"]["test"]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(REPO / ".venv/bin/ruff")
    result = subprocess.run([ruff, "check", "backend", "tests"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
