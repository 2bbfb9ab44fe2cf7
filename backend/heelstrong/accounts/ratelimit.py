"""Rate limits on sign-in and registration, kept in the database (safe across workers)."""

from dataclasses import dataclass
from datetime import timedelta

from fastapi import HTTPException
from sqlalchemy import delete, func
from sqlmodel import Session, select

from heelstrong.accounts.models import AuthAttempt
from heelstrong.core.base import utcnow
from heelstrong.core.config import get_settings


@dataclass(frozen=True)
class Limit:
    prefix: str
    attempts: int
    window: timedelta


FAILED_LOGINS_PER_ACCOUNT = Limit("login-account", 10, timedelta(minutes=15))
FAILED_LOGINS_PER_ADDRESS = Limit("login-address", 30, timedelta(minutes=15))


def registrations_per_address() -> Limit:
    # A clinic registering patients at a front desk shares one address: the admin can raise it.
    return Limit("register-address", get_settings().registrations_per_hour, timedelta(hours=1))


def _key(limit: Limit, subject: str) -> str:
    return f"{limit.prefix}:{subject}"


def enforce(db: Session, limit: Limit, subject: str) -> None:
    since = utcnow() - limit.window
    count = db.exec(
        select(func.count())
        .select_from(AuthAttempt)
        .where(AuthAttempt.key == _key(limit, subject), AuthAttempt.attempted_at > since)
    ).one()
    if count >= limit.attempts:
        minutes = int(limit.window.total_seconds() // 60)
        raise HTTPException(
            status_code=429,
            detail=f"Too many attempts. Wait {minutes} minutes, then try again.",
            headers={"Retry-After": str(int(limit.window.total_seconds()))},
        )


def record(db: Session, limit: Limit, subject: str) -> None:
    db.add(AuthAttempt(key=_key(limit, subject)))
    # Old rows are never needed again; pruning here keeps the table small without a cron job.
    db.exec(delete(AuthAttempt).where(AuthAttempt.attempted_at < utcnow() - timedelta(days=1)))
    db.commit()
