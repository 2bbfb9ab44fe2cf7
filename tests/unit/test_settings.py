import subprocess
import sys


def run_cli(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("HEELSTRONG_")} | env_overrides
    return subprocess.run([sys.executable, "-m", "heelstrong.cli", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_an_invalid_setting_stops_start_up_with_one_line_naming_it():
    result = run_cli({"HEELSTRONG_PORT": "eighty"}, "serve")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == ["heelstrong: invalid setting HEELSTRONG_PORT: Input should be a valid integer, "
                     "unable to parse string as an integer (got 'eighty')"]


def test_an_unknown_database_scheme_is_named():
    result = run_cli({"HEELSTRONG_DATABASE_URL": "mysql://x"}, "migrate")
    assert "HEELSTRONG_DATABASE_URL" in result.stderr and "postgresql+psycopg" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
