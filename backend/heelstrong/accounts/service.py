"""Account use cases: register, sign in and out, resolve a session cookie, edit the profile."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import HTTPException
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heelstrong.accounts.models import (
    AuthSession,
    Credentials,
    Profile,
    ProfilePublic,
    ProfileUpdate,
    Registration,
    User,
    UserPublic,
)
from heelstrong.core.base import utcnow
from heelstrong.core.db import save_user_row
from heelstrong.core.errors import unprocessable
from heelstrong.core.security import hash_password, hash_token, new_token, verify_password


def public_user(db: Session, user: User) -> UserPublic:
    profile = db.get(Profile, user.id)
    return UserPublic(
        id=user.id,
        email=user.email,
        created_at=user.created_at,
        profile=ProfilePublic.model_validate(profile) if profile else None,
    )


def register(db: Session, registration: Registration) -> User:
    user = User(email=registration.email, password_hash=hash_password(registration.password))
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise HTTPException(
            status_code=409,
            detail="Could not create an account with this email. If it is yours, sign in instead.",
        ) from None
    return user


def authenticate(db: Session, credentials: Credentials) -> User:
    user = db.exec(select(User).where(User.email == credentials.email)).first()
    if not verify_password(credentials.password, user.password_hash if user else None):
        raise HTTPException(status_code=401, detail="Email or password is wrong.")
    return user


def start_session(db: Session, user: User, lifetime: timedelta) -> str:
    token = new_token()
    db.add(AuthSession(token_hash=hash_token(token), user_id=user.id, expires_at=utcnow() + lifetime))
    db.commit()
    return token


# Built once, bound per call: this runs on every signed-in request, and building a select
# costs more than SQLite takes to run it.
_USER_FOR_TOKEN = (
    select(User)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        AuthSession.token_hash == bindparam("token_hash"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > bindparam("now"),
    )
)


def user_for_token(db: Session, token: str) -> User | None:
    return db.exec(_USER_FOR_TOKEN, params={"token_hash": hash_token(token), "now": utcnow()}).first()


def revoke_session(db: Session, token: str) -> None:
    auth_session = db.get(AuthSession, hash_token(token))
    if auth_session and auth_session.revoked_at is None:
        auth_session.revoked_at = utcnow()
        db.commit()


def save_profile(db: Session, user: User, update: ProfileUpdate) -> Profile:
    # An app that predates the equipment question leaves the answer as it was.
    keep = set() if "equipment" in update.model_fields_set else {"equipment"}
    return save_user_row(db, Profile, user.id, update.model_dump(exclude=keep))


def patient_today(db: Session, user: User) -> date:
    """Today's date where the patient is (day-based rules follow their clock, not the server's)."""
    profile = db.get(Profile, user.id)
    return datetime.now(ZoneInfo(profile.timezone if profile else "UTC")).date()


def reject_far_future(db: Session, user: User, local_date: date) -> None:
    """Allow tomorrow (time zones and late-night logging), nothing later."""
    if local_date > patient_today(db, user) + timedelta(days=1):
        raise unprocessable("must not be more than a day in the future", field="local_date")
