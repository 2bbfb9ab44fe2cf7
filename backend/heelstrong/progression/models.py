"""What the progression engine keeps per patient: thresholds, its state, and its decisions."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field as PydanticField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.progression.engine import Thresholds

_DEFAULTS = Thresholds()


class ThresholdFields(SQLModel):
    """PROTOCOL.md defaults; each one can be changed per patient by their clinician."""

    pain_limit: Annotated[int, PydanticField(ge=0, le=10, strict=True)] = Field(
        default=_DEFAULTS.pain_limit, description="Highest pain during exercise that is still fine (0-10)"
    )
    settle_minutes: Annotated[int, PydanticField(ge=1, le=60, strict=True)] = Field(
        default=_DEFAULTS.settle_minutes, description="Minutes within which pain must settle after a set"
    )
    flare_margin: Annotated[int, PydanticField(ge=0, le=10, strict=True)] = Field(
        default=_DEFAULTS.flare_margin, description="Morning pain this many points above the 7-day median is a flare"
    )
    tolerated_sessions_to_progress: Annotated[int, PydanticField(ge=1, le=10, strict=True)] = Field(
        default=_DEFAULTS.tolerated_sessions_to_progress, description="Tolerated sessions in a row to move on"
    )
    progress_reps_over: Annotated[int, PydanticField(ge=5, le=50, strict=True)] = Field(
        default=_DEFAULTS.progress_reps_over, description="A set of more than this many reps counts towards moving on"
    )
    load_step_kg: Annotated[float, PydanticField(ge=0.5, le=20)] = Field(
        default=_DEFAULTS.load_step_kg, description="Load added at the last calf stage"
    )
    flares_to_refer: Annotated[int, PydanticField(ge=1, le=7, strict=True)] = Field(
        default=_DEFAULTS.flares_to_refer, description="Flares within 7 days that prompt 'talk to your clinician'"
    )


class PatientThresholds(ThresholdFields, table=True):
    __tablename__ = "patient_thresholds"
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    updated_at: datetime = utc_column()


class ThresholdsUpdate(ThresholdFields):
    model_config = {"extra": "forbid"}


class ProgressionState(SQLModel, table=True):
    """The engine's state as of ``evaluated_through``; days up to then are never walked again."""

    __tablename__ = "progression_state"
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    evaluated_through: date | None = None
    calf_stage: int = 1
    state: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = utc_column()


class Decision(SQLModel, table=True):
    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_user_date", "user_id", "local_date"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    local_date: date
    track: str = Field(max_length=16)
    kind: str = Field(max_length=16)
    rule: str = Field(max_length=32)
    message: str = Field(max_length=500)
    reasons: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = utc_column()


class DecisionPublic(SQLModel):
    local_date: date
    track: str
    kind: str
    rule: str
    message: str
    reasons: dict[str, Any]
    created_at: UTCDateTime


class PlanItemPublic(SQLModel):
    exercise_id: str
    name: str
    track: str
    side: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    minutes: int | None
    tempo: str | None
    lowering_seconds: int | None
    rest_seconds: int | None
    load_kg: float | None
    resistance_step: int | None
    times_per_day: str | None
    to_fatigue: bool
    why: str


class TodayPublic(SQLModel):
    today: date
    calf_stage: int
    stage_name: str
    hip_day: bool
    items: list[PlanItemPublic]
    notices: list[str]
    refer_to_clinician: bool
    red_flags: list[str]
    recent_decisions: list[DecisionPublic]


class StagePoint(SQLModel):
    local_date: date
    calf_stage: int


class ProgressionPublic(SQLModel):
    calf_stage: int
    stage_name: str
    evaluated_through: date | None
    dose: dict[str, Any]
    stage_timeline: list[StagePoint]
    decisions: list[DecisionPublic]
