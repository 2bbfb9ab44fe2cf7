"""The morning check-in: one per patient per local date."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field as PydanticField
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import BoundedDate, NoteText, PainScore, StrictFlag


class CheckIn(SQLModel, table=True):
    __tablename__ = "checkin"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date"),
        # The caseload's sparklines read mornings for hundreds of patients at once: from the
        # index alone (PostgreSQL chose a full scan without it).
        Index("ix_checkin_user_date_pain", "user_id", "local_date", "morning_pain"),
    )

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    local_date: date
    morning_pain: int
    stiffness_minutes: int | None = None
    note: str | None = Field(default=None, max_length=1000)
    red_flag: bool = False  # the patient reports one of the signs that need a clinician
    created_at: datetime = utc_column()
    updated_at: datetime = utc_column()


class CheckInCreate(SQLModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "id": "0b6f3a52-9f0e-4d5b-8c55-0a4f6c1d2e3f",
                    "local_date": "2026-11-26",
                    "morning_pain": 3,
                    "stiffness_minutes": 10,
                    "note": "Better after the ankle pumps",
                    "red_flag": False,
                }
            ]
        },
    }

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")
    local_date: BoundedDate
    morning_pain: PainScore = Field(description="Pain on the first steps out of bed, 0-10")
    stiffness_minutes: Annotated[int | None, PydanticField(ge=0, le=1440, strict=True)] = Field(default=None)
    note: NoteText | None = None
    red_flag: StrictFlag = Field(
        default=False, description="The patient has one of the red flags (PROTOCOL.md 5): prompts a clinician at once"
    )


class CheckInPublic(SQLModel):
    id: uuid.UUID
    local_date: date
    morning_pain: int
    stiffness_minutes: int | None
    note: str | None
    red_flag: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime
