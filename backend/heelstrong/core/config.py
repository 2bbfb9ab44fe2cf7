"""Settings from the environment (prefix ``HEELSTRONG_``) or a ``.env`` file."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite:///{Path('data') / 'heelstrong.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEELSTRONG_", env_file=".env", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, description="SQLAlchemy URL; SQLite file by default")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64, description="uvicorn worker processes (state lives in the database)")
    concurrency: int = Field(
        4, ge=1, le=32, description="Requests each worker works on at once; the rest wait their turn, holding nothing"
    )
    cookie_secure: bool = Field(False, description="Mark the session cookie Secure (set when served over HTTPS)")
    session_lifetime_days: int = Field(30, ge=1, le=365)
    frontend_dir: Path = Field(Path("frontend/dist"), description="Built web app served at /")
    registrations_per_hour: int = Field(20, ge=1, description="New accounts per client address per hour")
    fail_every_nth_write: int = Field(
        0, ge=0, description="Test hook: answer every Nth API write with 503 before it runs (0 = never)"
    )

    @field_validator("database_url")
    @classmethod
    def known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite://", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        return url


class SettingsError(SystemExit):
    """Start-up stops with one line naming the bad setting."""


def describe_settings_error(error: ValidationError) -> str:
    first = error.errors()[0]
    name = "HEELSTRONG_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
    return f"heelstrong: invalid setting {name}: {first['msg']} (got {first.get('input')!r})"


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
