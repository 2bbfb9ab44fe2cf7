"""Rate limits on sign-in and registration, kept in the database (safe across workers).

Sign-in has two limits, neither of which lets a stranger lock a patient out:

- failed sign-ins per (account, address) pair: wrong passwords from one place stop that place
  guessing that account, and nobody else; the owner signing in from their own phone or Wi-Fi
  is a different pair. (There is no per-account limit across all addresses: anyone could use
  it to lock the owner out.)
- every sign-in attempt, right or wrong, per address (HEELSTRONG_SIGN_INS_PER_ADDRESS, 60 in
  15 minutes by default: room for a clinic's patients behind one NAT): bounds password guessing
  across accounts, and what a client signing in flat out costs (a password hash and a session
  row each time).

The address is the connection's, or what a trusted proxy says it is (TrustedProxyMiddleware).
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from fastapi import HTTPException, Request
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


FAILED_SIGN_INS_PER_PAIR = Limit("login-pair", 10, timedelta(minutes=15))


def sign_ins_per_address() -> Limit:
    return Limit("login-address", get_settings().sign_ins_per_address, timedelta(minutes=15))


def registrations_per_address() -> Limit:
    # A clinic registering patients at a front desk shares one address: the admin can raise it.
    return Limit("register-address", get_settings().registrations_per_hour, timedelta(hours=1))


def address_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def pair(email: str, address: str) -> str:
    """An account and an address as one subject (hashed: no email sits in this table, and the key
    stays short whatever the address)."""
    return hashlib.sha256(f"{email}\n{address}".encode()).hexdigest()


def _key(limit: Limit, subject: str) -> str:
    return f"{limit.prefix}:{subject}"[:300]


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
