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
from heelstrong.clinic.models import Clinic, Clinician
from heelstrong.core.base import as_utc, utcnow
from heelstrong.core.config import get_settings
from heelstrong.core.db import save_user_row
from heelstrong.core.errors import unprocessable
from heelstrong.core.fields import FUTURE_MESSAGE
from heelstrong.core.security import hash_password, hash_token, new_token, verify_password


def public_user(db: Session, user: User) -> UserPublic:
    profile = db.get(Profile, user.id)
    clinician = db.exec(
        select(Clinician.name, Clinic.name).join(Clinic, Clinic.id == Clinician.clinic_id)
        .where(Clinician.user_id == user.id)
    ).first()
    return UserPublic(
        id=user.id,
        email=user.email,
        created_at=user.created_at,
        profile=ProfilePublic.model_validate(profile) if profile else None,
        role="clinician" if clinician else "patient",
        clinician_name=clinician[0] if clinician else None,
        clinic=clinician[1] if clinician else None,
    )


def register(db: Session, registration: Registration) -> None:
    """Creates the account; an email that has one already keeps it as it was. The caller answers
    the same either way, and both ways hash the password and try the insert, so both take as
    long: nobody learns from registering whether an email has an account."""
    db.add(User(email=registration.email, password_hash=hash_password(registration.password)))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()


def authenticate(db: Session, credentials: Credentials) -> User:
    user = db.exec(select(User).where(User.email == credentials.email)).first()
    if not verify_password(credentials.password, user.password_hash if user else None):
        raise HTTPException(status_code=401, detail="Email or password is wrong.")
    return user


def start_session(db: Session, user: User, user_agent: str | None) -> str:
    token, now = new_token(), utcnow()
    db.add(AuthSession(token_hash=hash_token(token), user_id=user.id, expires_at=_expiry(now, now),
                       last_seen_at=now, user_agent=(user_agent or "")[:200] or None))
    db.commit()
    return token


def _expiry(signed_in_at: datetime, used_at: datetime) -> datetime:
    """Idle days after the last use, but never past the maximum age of a sign-in."""
    settings = get_settings()
    return min(used_at + timedelta(days=settings.session_lifetime_days),
               signed_in_at + timedelta(days=settings.session_max_days))


# Writing on every request would cost more than the rest of a read; noting a use hourly is
# precise enough for expiry measured in days.
NOTE_USE_EVERY = timedelta(hours=1)

# Built once, bound per call: this runs on every signed-in request, and building a select
# costs more than SQLite takes to run it.
_USER_FOR_TOKEN = (
    select(User, AuthSession)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        AuthSession.token_hash == bindparam("token_hash"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > bindparam("now"),
    )
)


def user_for_token(db: Session, token: str) -> User | None:
    """The signed-in user, and the sign-in's life moved on when it was last noted over an hour ago."""
    now = utcnow()
    found = db.exec(_USER_FOR_TOKEN, params={"token_hash": hash_token(token), "now": now}).first()
    if found is None:
        return None
    user, auth_session = found
    if now - as_utc(auth_session.last_seen_at or auth_session.created_at) >= NOTE_USE_EVERY:
        auth_session.last_seen_at = now
        auth_session.expires_at = _expiry(as_utc(auth_session.created_at), now)
        db.add(auth_session)
        db.commit()
    return user


def revoke_session(db: Session, token: str) -> None:
    auth_session = db.get(AuthSession, hash_token(token))
    if auth_session and auth_session.revoked_at is None:
        auth_session.revoked_at = utcnow()
        db.commit()


def save_profile(db: Session, user: User, update: ProfileUpdate) -> Profile:
    reject_after_tomorrow(update.program_start, today_in(update.timezone), field="program_start")
    stored = db.get(Profile, user.id)
    if update.program is not None and update.program != (stored.program if stored else "ladder"):
        raise unprocessable("The program is changed under Your program (PUT /api/program), not with the profile.",
                            field="program")
    # An app that predates the equipment question leaves the answer as it was.
    keep = {"program"} | (set() if "equipment" in update.model_fields_set else {"equipment"})
    return save_user_row(db, Profile, user.id, update.model_dump(exclude=keep))


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def patient_today(db: Session, user: User) -> date:
    """Today's date where the patient is (day-based rules follow their clock, not the server's)."""
    profile = db.get(Profile, user.id)
    return today_in(profile.timezone if profile else "UTC")


def reject_after_tomorrow(day: date, today: date, field: str) -> None:
    """Allow tomorrow (time zones and late-night logging), nothing later."""
    if day > today + timedelta(days=1):
        raise unprocessable(FUTURE_MESSAGE, field=field)


def reject_far_future(db: Session, user: User, local_date: date) -> None:
    reject_after_tomorrow(local_date, patient_today(db, user), field="local_date")
