"""What the progression engine keeps per patient: thresholds, its state, and its decisions."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field as PydanticField
from sqlalchemy import JSON, Index, Text, text
from sqlmodel import Field, SQLModel

from heelstrong.catalogue.clinical import SETTINGS, Setting
from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.measures.models import HeelRiseTestPublic, MeasureResponsePublic


def _setting_field(item: Setting) -> tuple[Any, Any]:
    """A setting's annotation and field: bounds, default and description from clinical.yaml."""
    kind = item.python_type | None if item.optional else item.python_type
    annotation = Annotated[kind, PydanticField(ge=item.bound(item.min), le=item.bound(item.max), strict=True)]
    blank = f" (blank: {item.blank})" if item.optional else ""
    description = f"{item.label}{blank}. {item.help}"
    return annotation, Field(default=item.default_value, nullable=item.optional, description=description)


_FIELDS = {item.key: _setting_field(item) for item in SETTINGS}
# Every clinical setting a clinician may change per patient, declared in clinical.yaml.
ThresholdFields = type(
    "ThresholdFields",
    (SQLModel,),
    {
        "__module__": __name__,
        "__doc__": "A patient's clinical settings, one field per setting in clinical.yaml.",
        "__annotations__": {key: annotation for key, (annotation, _) in _FIELDS.items()},
        **{key: value for key, (_, value) in _FIELDS.items()},
    },
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


class MessagePublic(SQLModel):
    """A message in a note's thread."""

    id: UUID
    author: Literal["patient", "clinician"]
    author_name: str
    body: str
    created_at: UTCDateTime
    read_at: UTCDateTime | None  # by the other side


class NotePublic(SQLModel):
    """A note from the patient's clinician (clinic mode): the thread it opens, oldest first."""

    id: int
    clinician_name: str
    body: str
    created_at: UTCDateTime
    read_at: UTCDateTime | None  # the note itself, by the patient
    messages: list[MessagePublic] = []
    unread: int = 0  # what the reader has not read yet: the note and the other side's messages
    last_at: UTCDateTime | None = None  # the newest message's time (or the note's)


class TodayPublic(SQLModel):
    today: date
    calf_stage: int
    stage_name: str
    stage_count: int  # stages (or phases) of the patient's program
    program_name: str
    hip_day: bool
    items: list[PlanItemPublic]
    notices: list[str]
    referrals: list[DecisionPublic]  # open referral prompts, newest first, until acknowledged
    refer_to_clinician: bool
    red_flags: list[str]
    recent_decisions: list[DecisionPublic]
    notes: list[NotePublic]  # the clinician's notes not read yet, newest first


class ProgramPublic(SQLModel):
    """A program the patient may follow (PROTOCOL.md 7), and whether it fits them."""

    id: str
    name: str
    for_whom: str
    asks: str  # what it asks of the patient, in plain words
    sessions: str
    weeks: int | None
    needs: list[str]  # in words: "a gym with a leg-press machine"
    source: str
    stages: list[str]
    fits: bool
    why_not: str | None  # in the patient's words, when it does not fit
    current: bool


class ProgramChoice(SQLModel):
    model_config = {"extra": "forbid"}
    program: str = Field(max_length=32, description="A program id from GET /api/programs")


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


# ---------------------------------------------------------------- measures as the plan reads them


class OfferPublic(SQLModel):
    due: bool = Field(description="The schedule asks for a heel-rise test (week 1, every 4 weeks, a criterion)")
    offered: bool = Field(description="It may be done today; false: not_now says why and from_date when")
    why_due: str | None
    not_now: str | None
    from_date: date | None
    next_due: date | None = Field(description="When the schedule asks next (when not due now)")


class HeelRisePublic(SQLModel):
    order: list[dict[str, Any]] = Field(description="The sides in the order tested: the other side first")
    noise: int = Field(description="A change in rises smaller than this is noise")
    symmetry_goal: int
    beats_per_minute: int
    offer: OfferPublic
    tests: list[HeelRiseTestPublic] = Field(description="Oldest first")
    words: list[str] = Field(description="Start against now, in words")
    goal_reached: str | None = Field(description="Said on Today when the symmetry goal is reached with calm mornings")
    signal: str | None = Field(description="A fall of the noise or more since the last test, for the clinician")


class InstrumentPublic(SQLModel):
    id: str
    name: str
    short_name: str
    kind: str
    about: str
    min: float
    max: float
    low_words: str | None
    high_words: str | None
    min_items: int
    max_items: int
    higher_is_better: bool
    noise: float | None
    unit: str
    every_days: int | None
    items: list[dict[str, Any]] = Field(description="The patient's activities (PSFS), or the fixed items with options")
    responses: list[MeasureResponsePublic] = Field(description="Oldest first")
    due: bool
    why_due: str | None
    words: list[str]


class MeasuresPublic(SQLModel):
    heel_rise: HeelRisePublic
    instruments: list[InstrumentPublic] = Field(description="The questionnaires this patient is asked")
