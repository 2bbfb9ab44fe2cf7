"""Training sessions and the sets logged in them."""

import uuid
from datetime import date, datetime
from typing import Literal

from sqlalchemy import Index, String
from sqlmodel import Field, Relationship, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import (
    Band,
    BoundedDate,
    BoundedDateTime,
    ExerciseId,
    HoldSeconds,
    LoadKg,
    NoteText,
    PainScore,
    Reps,
    StrictFlag,
)

Side = Literal["left", "right", "both"]
Effort = Literal["easy", "right", "hard"]


class TrainingSession(SQLModel, table=True):
    __tablename__ = "training_session"
    __table_args__ = (Index("ix_training_session_user_date", "user_id", "local_date"),)

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    local_date: date
    started_at: datetime | None = utc_column(nullable=True)
    ended_at: datetime | None = utc_column(nullable=True)
    note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = utc_column()

    sets: list["ExerciseSet"] = Relationship(
        back_populates="session",
        cascade_delete=True,
        # Loaded only when read (a set insert only needs the session row); lists use selectinload.
        sa_relationship_kwargs={"order_by": "ExerciseSet.created_at"},
    )


class ExerciseSet(SQLModel, table=True):
    __tablename__ = "exercise_set"

    id: uuid.UUID = Field(primary_key=True)
    session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True, ondelete="CASCADE")
    # Kept on the set too, so every query can be scoped to its owner without a join.
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    exercise_id: str = Field(max_length=64)
    side: Side = Field(sa_type=String(8))
    reps: int | None = None
    hold_seconds: int | None = None
    load_kg: float | None = None
    band: str | None = Field(default=None, max_length=40)
    effort: Effort | None = Field(default=None, sa_type=String(8))
    pain_during: int
    # None: not answered yet. The settle question is asked once the patient's settle time has
    # passed since the set; until then the session is "settled: not answered", never a yes.
    settled: bool | None = None
    note: str | None = Field(default=None, max_length=1000)
    created_at: datetime = utc_column()
    updated_at: datetime = utc_column()

    session: TrainingSession = Relationship(back_populates="sets")


class SessionCreate(SQLModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "id": "5d1c2f4e-8a7b-4c3d-9e1f-2a3b4c5d6e7f",
                    "local_date": "2026-11-26",
                    "started_at": "2026-11-26T07:05:00Z",
                }
            ]
        },
    }

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")
    local_date: BoundedDate
    started_at: BoundedDateTime | None = None
    ended_at: BoundedDateTime | None = None
    note: NoteText | None = None


class SessionUpdate(SQLModel):
    model_config = {"extra": "forbid"}

    started_at: BoundedDateTime | None = None
    ended_at: BoundedDateTime | None = None
    note: NoteText | None = None


class SetFields(SQLModel):
    exercise_id: ExerciseId = Field(schema_extra={"examples": ["calf-iso-double"]})
    side: Side
    reps: Reps | None = None
    hold_seconds: HoldSeconds | None = None
    load_kg: LoadKg | None = None
    band: Band | None = None
    effort: Effort | None = None
    pain_during: PainScore
    settled: StrictFlag | None = Field(
        default=None,
        description="Pain settled within a few minutes after the set; null or left out: not answered yet "
        "(answer later with PATCH /api/sets/{id}). A set not answered never counts towards progress.",
    )
    note: NoteText | None = None


class SetCreate(SetFields):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "exercise_id": "calf-iso-double",
                    "side": "both",
                    "hold_seconds": 30,
                    "pain_during": 3,
                    "settled": True,
                }
            ]
        },
    }

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")


class SetUpdate(SQLModel):
    """Only the fields sent change; the merged set is validated as a whole."""

    model_config = {"extra": "forbid"}

    exercise_id: ExerciseId | None = None
    side: Side | None = None
    reps: Reps | None = None
    hold_seconds: HoldSeconds | None = None
    load_kg: LoadKg | None = None
    band: Band | None = None
    effort: Effort | None = None
    pain_during: PainScore | None = None
    settled: StrictFlag | None = Field(
        default=None, description="true or false answers the settle question; null: not answered"
    )
    note: NoteText | None = None


class SetPublic(SQLModel):
    id: uuid.UUID
    session_id: uuid.UUID
    exercise_id: str
    side: Side
    reps: int | None
    hold_seconds: int | None
    load_kg: float | None
    band: str | None
    effort: Effort | None
    pain_during: int
    settled: bool | None = Field(description="null: the settle question is not answered yet")
    note: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime


class SessionPublic(SQLModel):
    id: uuid.UUID
    local_date: date
    started_at: UTCDateTime | None
    ended_at: UTCDateTime | None
    note: str | None
    created_at: UTCDateTime
    sets: list[SetPublic]


class SessionPage(SQLModel):
    items: list[SessionPublic]
    total: int
    limit: int
    offset: int
