"""A patient's reminder (a local time of day and days of the week) and the secret calendar feed
that carries it to the phone's own calendar."""

import re
from datetime import datetime
from datetime import time as TimeOfDay
from typing import Any, Literal

from pydantic import field_validator
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
