"""Settings from the environment (prefix ``HEELSTRONG_``) or a ``.env`` file."""

from functools import cached_property, lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = f"sqlite:///{Path('data') / 'heelstrong.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEELSTRONG_", env_file=".env", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, description="SQLAlchemy URL; SQLite file by default")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int | None = Field(
        None, ge=1, le=64, description="uvicorn worker processes (state lives in the database); unset: one per core"
    )
    pin_workers: bool | None = Field(
        None,
        description="Pin each worker to a core of its own (os.sched_setaffinity); unset: pinned when there is a "
        "worker for every core",
    )
    concurrency: int = Field(
        4, ge=1, le=32, description="Requests each worker works on at once; the rest wait their turn, holding nothing"
    )
    cookie_secure: bool = Field(False, description="Mark the session cookie Secure (set when served over HTTPS)")
    session_lifetime_days: int = Field(
        30, ge=1, le=365, description="A sign-in ends after this many days without use (each use moves it on)"
    )
    session_max_days: int = Field(180, ge=1, le=3650, description="...and this many days after signing in, used or not")
    frontend_dir: Path = Field(Path("frontend/dist"), description="Built web app served at /")
    instruments_dir: Path | None = Field(
        None, description="A folder of questionnaire files (*.yaml) a licence holder adds (a shipped id: replaced)"
    )
    registrations_per_hour: int = Field(20, ge=1, description="New accounts per client address per hour")
    sign_ins_per_address: int = Field(
        60, ge=1, description="Sign-in attempts (right or wrong) per client address per 15 minutes"
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For / Forwarded "
        "name the client (empty: trust none)",
    )
    send_reminders: bool = Field(
        True,
        description="Each worker checks for reminders due and sends them by Web Push (false: run "
        "`heelstrong send-reminders` from cron instead)",
    )
    reminder_check_seconds: int = Field(45, ge=5, le=3600, description="How often a worker checks for reminders due")
    push_contact: str = Field(
        "mailto:admin@localhost",
        description="Who push services may contact about this server (the VAPID sub claim): mailto: or https:",
    )
    api_docs: bool = Field(True, description="Serve /docs, /redoc and /openapi.json")
    fail_every_nth_write: int = Field(
        0, ge=0, description="Test hook: answer every Nth API write with 503 before it runs (0 = never)"
    )
    bench_reference_route: bool = Field(
        False, description="Benchmark hook: serve GET /api/bench/empty, an empty async route (make bench's reference)"
    )

    @field_validator("database_url")
    @classmethod
    def known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite://", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        return url

    @field_validator("push_contact")
    @classmethod
    def contact(cls, value: str) -> str:
        if not value.startswith(("mailto:", "https://")):
            raise ValueError("must be a mailto: address or an https:// URL, e.g. mailto:admin@clinic.example")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def networks(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network like 10.0.0.0/8") from None
        return value

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(entry, strict=False) for entry in _entries(self.trusted_proxies))


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


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
