"""What the progression engine keeps per patient: thresholds, its state, and its decisions."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field as PydanticField
from sqlalchemy import JSON, Index, Text, text
from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.progression.engine import Thresholds

_DEFAULTS = Thresholds()


class ThresholdFields(SQLModel):
    """PROTOCOL.md defaults; each one can be changed per patient by their clinician.

    The pacing fields (section 2a) are None unless a clinician sets them: each stage then keeps
    the value the program (the catalogue) gives it.
    """

    # section 1: pain rules
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
    # section 2b: mornings over time
    morning_ceiling: Annotated[int, PydanticField(ge=1, le=10, strict=True)] = Field(
        default=_DEFAULTS.morning_ceiling, description="A morning this painful (0-10) is a flare whatever the usual"
    )
    stiffness_margin_minutes: Annotated[int, PydanticField(ge=1, le=240, strict=True)] = Field(
        default=_DEFAULTS.stiffness_margin_minutes,
        description="Morning stiffness this many minutes above its 7-day median is a flare signal",
    )
    worse_than_start_margin: Annotated[int, PydanticField(ge=1, le=10, strict=True)] = Field(
        default=_DEFAULTS.worse_than_start_margin,
        description="A week's median morning pain this far above the program-start baseline is a worse week",
    )
    # section 2c: hand-over to a clinician
    flares_to_refer: Annotated[int, PydanticField(ge=1, le=7, strict=True)] = Field(
        default=_DEFAULTS.flares_to_refer, description="Flares within 7 days that prompt 'talk to your clinician'"
    )
    floor_flags_to_refer: Annotated[int, PydanticField(ge=1, le=7, strict=True)] = Field(
        default=_DEFAULTS.floor_flags_to_refer,
        description="Flagged sessions at the lowest dose within 7 days that prompt 'talk to your clinician'",
    )
    worse_weeks_to_refer: Annotated[int, PydanticField(ge=1, le=12, strict=True)] = Field(
        default=_DEFAULTS.worse_weeks_to_refer, description="Worse weeks in a row that prompt 'talk to your clinician'"
    )
    weeks_without_step_to_refer: Annotated[int, PydanticField(ge=1, le=26, strict=True)] = Field(
        default=_DEFAULTS.weeks_without_step_to_refer,
        description="Weeks without a step up the calf ladder that prompt 'talk to your clinician'",
    )
    # section 2a: pacing; None keeps each stage's value from the program
    least_days_on_stage: Annotated[int | None, PydanticField(ge=1, le=60, strict=True)] = Field(
        default=None, nullable=True, description="Least days on a stage before the next (blank: the program's)"
    )
    min_days_between_fatigue_sessions: Annotated[int | None, PydanticField(ge=1, le=7, strict=True)] = Field(
        default=None, nullable=True,
        description="Days from one session of raises to fatigue to the next; 2 = every second day "
        "(blank: the program's)",
    )
    max_fatigue_sessions_per_week: Annotated[int | None, PydanticField(ge=1, le=7, strict=True)] = Field(
        default=None, nullable=True, description="Most sessions of raises to fatigue in 7 days (blank: the program's)"
    )
    progress_reps_over: Annotated[int | None, PydanticField(ge=5, le=50, strict=True)] = Field(
        default=None, nullable=True,
        description="A set of more than this many reps counts towards moving on (blank: the program's)",
    )
    load_step_kg: Annotated[float | None, PydanticField(ge=0.5, le=20, strict=True)] = Field(
        default=None, nullable=True, description="Load added at a time at the last calf stage (blank: the program's)"
    )
    least_days_between_load_steps: Annotated[int | None, PydanticField(ge=1, le=60, strict=True)] = Field(
        default=None, nullable=True, description="Least days between two load steps (blank: the program's)"
    )
    max_load_kg: Annotated[float | None, PydanticField(ge=0, le=200, strict=True)] = Field(
        default=None, nullable=True, description="Most load to add at the last calf stage (blank: no maximum)"
    )


class PatientThresholds(ThresholdFields, table=True):
    __tablename__ = "patient_thresholds"
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    updated_at: datetime = utc_column()
    # Set by the patient's clinician only: [{"exercise_id", "reason"}, ...].
    switched_off: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON,
                                               sa_column_kwargs={"server_default": "[]"})


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


class TodayPlan(SQLModel, table=True):
    """Today's answer as last computed, with what it was computed from: the patient's plan
    version, their local date and the engine and catalogue it came from."""

    __tablename__ = "today_plan"
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    plan_version: int
    local_date: date
    basis: str = Field(max_length=16)
    answer: str = Field(sa_type=Text)  # the JSON sent, as sent


class Decision(SQLModel, table=True):
    __tablename__ = "decision"
    __table_args__ = (
        Index("ix_decision_user_date", "user_id", "local_date"),
        # Open referral prompts (clinic mode's attention column): few rows, found without a scan.
        Index("ix_decision_open_referrals", "user_id", postgresql_where=text("kind = 'refer' AND handled_at IS NULL"),
              sqlite_where=text("kind = 'refer' AND handled_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    local_date: date
    track: str = Field(max_length=16)
    kind: str = Field(max_length=16)
    rule: str = Field(max_length=32)
    message: str = Field(max_length=500)
    reasons: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = utc_column()
    acknowledged_at: datetime | None = utc_column(nullable=True)  # a referral prompt the patient has read
    # A referral prompt the patient's clinician has seen and dealt with, and what they noted.
    handled_at: datetime | None = utc_column(nullable=True)
    handled_by_name: str | None = Field(default=None, max_length=100)
    handled_note: str | None = Field(default=None, max_length=300)


class DecisionPublic(SQLModel):
    id: int
    local_date: date
    track: str
    kind: str
    rule: str
    message: str
    reasons: dict[str, Any]
    created_at: UTCDateTime
    acknowledged_at: UTCDateTime | None
    handled_at: UTCDateTime | None = None
    handled_by_name: str | None = None
    handled_note: str | None = None


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
    target: str | None
    why: str
    missing: list[str]  # what it needs that the patient said they don't have, in words


class NotePublic(SQLModel):
    """A note from the patient's clinician (clinic mode), and the patient's one answer."""

    id: int
    clinician_name: str
    body: str
    created_at: UTCDateTime
    read_at: UTCDateTime | None
    reply: str | None
    replied_at: UTCDateTime | None


class TodayPublic(SQLModel):
    today: date
    calf_stage: int
    stage_name: str
    hip_day: bool
    items: list[PlanItemPublic]
    notices: list[str]
    referrals: list[DecisionPublic]  # open referral prompts, newest first, until acknowledged
    refer_to_clinician: bool
    red_flags: list[str]
    recent_decisions: list[DecisionPublic]
    notes: list[NotePublic]  # the clinician's notes not read yet, newest first


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
