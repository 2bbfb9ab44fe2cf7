"""A patient's reminder (a local time of day and days of the week) and the secret calendar feed
that carries it to the phone's own calendar."""

import re
import uuid
from datetime import date, datetime
from datetime import time as TimeOfDay
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import field_validator
from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
TIME_MESSAGE = "must be a time of day like 07:30 (24-hour clock)"
DAYS_MESSAGE = 'must be days of the week written mon, tue, wed, thu, fri, sat or sun, like ["mon", "thu"]'


class Reminder(SQLModel, table=True):
    """One row per patient: when to remind them, and their calendar feed (only its token's hash)."""

    __tablename__ = "reminder"

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    remind_at: TimeOfDay | None = None  # the patient's local time; None: no reminder
    days: str = Field(default="", max_length=27)  # "mon,wed,fri"
    # Only the SHA-256 of the feed's token is kept: a database leak does not leak working feeds.
    calendar_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    calendar_created_at: datetime | None = utc_column(nullable=True)
    calendar_fetched_at: datetime | None = utc_column(nullable=True)
    # The feed's rate limit: fetches counted in a window that starts at the first one.
    feed_window_started_at: datetime | None = utc_column(nullable=True)
    feed_window_fetches: int = 0
    updated_at: datetime = utc_column()

    def day_list(self) -> list[Weekday]:
        return [day for day in WEEKDAYS if day in self.days.split(",")]


class ReminderUpdate(SQLModel):
    model_config = {"extra": "forbid"}

    time: str | None = Field(
        description="Local time of day in the profile's time zone, HH:MM on a 24-hour clock; null: no reminder",
        schema_extra={"examples": ["07:30"]},
    )
    days: list[Weekday] = Field(
        description="Days of the week to be reminded on", schema_extra={"examples": [["mon", "wed", "fri"]]}
    )

    @field_validator("time", mode="before")
    @classmethod
    def time_of_day(cls, value: Any) -> str | None:
        if value is None:
            return None
        match = _TIME.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValueError(TIME_MESSAGE)
        return f"{int(match[1]):02d}:{match[2]}"

    @field_validator("days", mode="before")
    @classmethod
    def days_of_week(cls, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(day, str) for day in value):
            raise ValueError(DAYS_MESSAGE)
        if len(value) > len(WEEKDAYS):
            raise ValueError("must list each day of the week at most once")
        days = {day.strip().lower() for day in value}
        if not days <= set(WEEKDAYS):
            raise ValueError(DAYS_MESSAGE)
        return [day for day in WEEKDAYS if day in days]  # in week order, each once


class CalendarFeedPublic(SQLModel):
    active: bool
    created_at: UTCDateTime | None
    last_fetched_at: UTCDateTime | None = Field(description="When a calendar last read the feed")


class ReminderPublic(SQLModel):
    time: str | None = Field(description="HH:MM in the patient's time zone; null: no reminder")
    days: list[Weekday]
    timezone: str | None = Field(description="The profile's time zone the time is in")
    calendar: CalendarFeedPublic


class CalendarFeedCreated(CalendarFeedPublic):
    token: str = Field(description="Shown once; only its hash is stored")
    path: str = Field(description="The feed, relative to this server (https:// or webcal://)")


# ---------------------------------------------------------------- Web Push


class PushKeys(SQLModel, table=True):
    """The server's VAPID key pair (RFC 8292), made once at first start and kept here, so every
    worker and host signs with the same key and a phone's subscription outlives a restart."""

    __tablename__ = "push_keys"

    id: int = Field(default=1, primary_key=True)  # one row
    private_key_pem: str = Field(max_length=400)
    public_key: str = Field(max_length=100)  # the uncompressed P-256 point, URL-safe base64: applicationServerKey
    created_at: datetime = utc_column()


class PushSubscription(SQLModel, table=True):
    """One device's push subscription (the browser's PushSubscription): where to send, and the
    keys to encrypt for it (RFC 8291). A device belongs to whoever subscribed it last."""

    __tablename__ = "push_subscription"

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    endpoint_hash: str = Field(max_length=64, unique=True)  # SHA-256 of the endpoint: a short unique key
    endpoint: str = Field(sa_type=Text)
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    created_at: datetime = utc_column()
    last_sent_at: datetime | None = utc_column(nullable=True)


class ReminderPush(SQLModel, table=True):
    """The claim on a patient's reminder of one local date, inserted before anything is sent:
    the primary key lets exactly one sender (of any number of workers and hosts) have it."""

    __tablename__ = "reminder_push"

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    local_date: date = Field(primary_key=True)
    claimed_at: datetime = utc_column()
    delivered: int = 0  # devices the push service accepted the message for


# Push services are reached over https only (tests add http for their service on loopback).
PUSH_SCHEMES: tuple[str, ...] = ("https",)
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class PushKeysIn(SQLModel):
    p256dh: str = Field(min_length=16, max_length=200, description="The device's P-256 public key, base64url")
    auth: str = Field(min_length=8, max_length=100, description="The device's auth secret, base64url")

    @field_validator("p256dh", "auth")
    @classmethod
    def base64url(cls, value: str) -> str:
        if not _B64URL.match(value):
            raise ValueError("must be URL-safe base64, as the browser's PushSubscription gives it")
        return value


class PushSubscriptionIn(SQLModel):
    """The browser's `PushSubscription.toJSON()`, as it is."""

    endpoint: str = Field(
        max_length=2000, description="The push service's URL for this device (https)",
        schema_extra={"examples": ["https://fcm.googleapis.com/fcm/send/abc123"]},
    )
    expirationTime: float | None = None  # the browser's name (ms since 1970), unused
    keys: PushKeysIn

    @field_validator("endpoint")
    @classmethod
    def https_url(cls, value: str) -> str:
        parsed = urlsplit(value)
        if parsed.scheme not in PUSH_SCHEMES or not parsed.netloc or any(c in value for c in " \r\n\t"):
            raise ValueError("must be the push service's https URL from the browser's PushSubscription")
        return value


class PushEndpoint(SQLModel):
    endpoint: str = Field(max_length=2000, description="The subscription's endpoint, as it was sent")


class PushPublic(SQLModel):
    public_key: str = Field(description="The server's VAPID public key: the applicationServerKey to subscribe with")
    devices: int = Field(description="Devices of yours that get the reminder as a notification")
