"""Accounts, their server-side sessions, and the patient's profile."""

import re
from datetime import datetime
from functools import cache
from typing import Literal
from zoneinfo import available_timezones

from pydantic import ValidationInfo, field_validator
from sqlalchemy import JSON, Index, String
from sqlmodel import Field, SQLModel

from heelstrong.accounts.passwords import MIN_LENGTH, weakness
from heelstrong.catalogue.loader import Equipment
from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import BoundedDate, LocalDate, PersonName, PlainText

PainfulSide = Literal["left", "right", "both"]
Condition = Literal["achilles_midportion", "achilles_insertional", "plantar_heel", "not_sure"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = utc_column()
    # Bumped in the same transaction as every write that can change today's plan (see
    # progression/today.py): a stored plan computed at this version and date is still right.
    plan_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class AuthSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "auth_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)
    # Sliding expiry: each use (noted at most hourly) moves expires_at on, up to a maximum age.
    last_seen_at: datetime | None = utc_column(nullable=True)
    user_agent: str | None = Field(default=None, max_length=200)  # to tell devices apart in Profile


class ProfileFields(SQLModel):
    display_name: str | None = Field(default=None, max_length=100, description="Shown on clinician summaries")
    painful_side: PainfulSide = Field(sa_type=String(8))
    condition: Condition = Field(sa_type=String(32))
    program_start: LocalDate
    timezone: str = Field(max_length=64, schema_extra={"examples": ["Europe/Oslo"]})
    equipment: list[Equipment] | None = Field(
        default=None,
        sa_type=JSON,
        description="What the patient has at home ([] for none of them); null: not asked yet, the plan as written",
    )

    @field_validator("equipment")
    @classmethod
    def each_once(cls, equipment: list[str] | None) -> list[str] | None:
        if equipment is not None and len(set(equipment)) != len(equipment):
            raise ValueError("list each thing you have once")
        return equipment

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, name: str) -> str:
        if name not in _known_timezones():
            raise ValueError(f"'{name}' is not a known IANA time zone; use a name like Europe/Oslo or America/New_York")
        return name


class Profile(ProfileFields, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    # The catalogue's program (PROTOCOL.md 7), set with PUT /api/program or by the clinician.
    program: str = Field(default="ladder", max_length=32, sa_column_kwargs={"server_default": "ladder"})
    updated_at: datetime = utc_column()


class ProfileUpdate(ProfileFields):
    model_config = {"extra": "forbid"}
    # Held to more than a stored profile is read back with (ProfilePublic).
    display_name: PersonName | None = Field(default=None, description="Shown on clinician summaries")
    program_start: BoundedDate
    # Read back with the profile, so a profile sent back as read is accepted; it is changed with
    # PUT /api/program (which checks it fits), never here.
    program: str | None = Field(default=None, max_length=32, description="As read; change it with PUT /api/program")


class ProfilePublic(ProfileFields):
    program: str = "ladder"


class Credentials(SQLModel):
    model_config = {"extra": "forbid"}
    email: PlainText = Field(max_length=254, schema_extra={"examples": ["ana@example.org"]})
    # Any text: a password is only compared with a hash, never stored or looked up.
    password: str = Field(max_length=256, schema_extra={"examples": ["a long passphrase"]})

    @field_validator("email")
    @classmethod
    def plausible_email(cls, email: str) -> str:
        email = email.strip().lower()
        if not _EMAIL.match(email):
            raise ValueError("must be an email address like ana@example.org")
        return email


def _strong(password: str, *related: str) -> str:
    if reason := weakness(password, *related):
        raise ValueError(reason)
    return password


class Registration(Credentials):
    password: PlainText = Field(min_length=MIN_LENGTH, max_length=256)

    @field_validator("password")
    @classmethod
    def hard_to_guess(cls, password: str, info: ValidationInfo) -> str:
        return _strong(password, info.data.get("email", ""))


class PasswordChange(SQLModel):
    model_config = {"extra": "forbid"}
    current_password: str = Field(max_length=256)
    new_password: PlainText = Field(min_length=MIN_LENGTH, max_length=256)

    @field_validator("new_password")
    @classmethod
    def hard_to_guess(cls, password: str) -> str:
        return _strong(password)


class AccountDeletion(SQLModel):
    model_config = {"extra": "forbid"}
    password: str = Field(max_length=256)


class AccountDeleted(SQLModel):
    removed: dict[str, int]  # rows removed per table
    message: str


class SignedInDevice(SQLModel):
    id: str
    signed_in_at: UTCDateTime
    last_used_at: UTCDateTime
    expires_at: UTCDateTime
    device: str | None  # the browser's own description (User-Agent)
    this_device: bool


class UserPublic(SQLModel):
    id: int
    email: str
    created_at: UTCDateTime
    profile: ProfilePublic | None
    # A clinician (clinic mode) has no profile: they see a caseload, not a plan.
    role: Literal["patient", "clinician"] = "patient"
    clinician_name: str | None = None
    clinic: str | None = None


class RegistrationReceived(SQLModel):
    """The answer to a registration, the same whether or not the email had an account."""

    message: str


class AuthAttempt(SQLModel, table=True):
    """A sign-in attempt (by address), a failed one (by account and address) or a registration
    (by address); rate limits count these rows, so every worker and host sees the same counts."""

    __tablename__ = "auth_attempt"
    __table_args__ = (Index("ix_auth_attempt_key_at", "key", "attempted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    attempted_at: datetime = utc_column()
