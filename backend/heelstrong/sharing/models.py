"""Read-only share links for a clinician, and the record of every access."""

from datetime import date, datetime
from typing import Literal

from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import Label
from heelstrong.progress.models import ProgressPublic

ExportFormat = Literal["pdf", "csv", "measures-csv", "fhir"]


class ShareLink(SQLModel, table=True):
    __tablename__ = "share_link"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    # Only the SHA-256 of the token is kept: a database leak does not leak working links.
    token_hash: str = Field(max_length=64, unique=True)
    label: str | None = Field(default=None, max_length=100)
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)


class ShareAccess(SQLModel, table=True):
    __tablename__ = "share_access"

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="share_link.id", index=True, ondelete="CASCADE")
    what: str = Field(max_length=16)  # summary | pdf | csv | measures-csv | fhir
    accessed_at: datetime = utc_column()


class ShareLinkCreate(SQLModel):
    model_config = {"extra": "forbid"}

    # A few choices, none long: a link forgotten in a clinic's inbox stops working within 3 months.
    expires_in_days: Literal[7, 30, 90] = Field(default=30, description="How long the link works: 7, 30 or 90 days")
    label: Label | None = Field(default=None, schema_extra={"examples": ["Dr. Berg, physio"]})


class ShareLinkPublic(SQLModel):
    id: int
    label: str | None
    created_at: UTCDateTime
    expires_at: UTCDateTime
    revoked_at: UTCDateTime | None
    last_accessed_at: UTCDateTime | None
    access_count: int
    active: bool


class ShareLinkCreated(ShareLinkPublic):
    token: str = Field(description="Shown once; only its hash is stored")
    path: str = Field(description="The clinician's page, relative to this server")


class DecisionLine(SQLModel):
    """One decision, or a run of identical routine ones folded into a line."""

    first_date: date
    last_date: date
    count: int
    track: str
    kind: str
    rule: str
    rule_name: str
    message: str


class FlaggedSession(SQLModel):
    local_date: date
    broken_rules: list[str]
    rule_names: list[str]
    pain: int | None  # the highest pain during the session's calf sets
    exercises: list[str]  # names
    message: str


class Measure(SQLModel):
    """Where the patient started and where they are now, as medians of daily values."""

    label: str
    unit: str  # "/10" or "min"
    start: float | None  # the program's first 7 days
    start_days: int  # days with a value among them
    now: float | None  # the last 7 days up to the patient's today
    now_days: int


class GlanceEvent(SQLModel):
    """A referral prompt, flare-up, stage back or change of program or condition: what a clinician
    must not miss."""

    local_date: date
    kind: Literal["referral", "flare", "stage_back", "program"]
    rule_name: str
    message: str
    acknowledged_at: UTCDateTime | None = None  # referral prompts: when the patient marked it read


class LadderStep(SQLModel):
    local_date: date  # the first day on this stage and load
    calf_stage: int
    load_kg: float


class DiscussItem(SQLModel):
    local_date: date | None
    topic: Literal["referral", "flagged", "worse_week", "gap", "note", "measure"]
    text: str


class Outcomes(SQLModel):
    """Is the patient getting stronger (PROTOCOL.md 6): each measure's start against now, in words."""

    lines: list[str]  # heel rises and symmetry, then each questionnaire; empty: nothing measured yet
    symmetry: int | None  # the last heel-rise test's (None: none yet, or both heels painful)
    symmetry_goal: int
    signal: str | None  # a fall in heel rises beyond the noise: for the clinician, not a decision


class Glance(SQLModel):
    """The first block of the summary, the same whatever range is chosen (except adherence and
    what to discuss, which follow the range)."""

    measures: list[Measure]
    events: list[GlanceEvent]  # since the program started, newest first
    ladder: list[LadderStep]  # since the program started, oldest first
    sessions_done: int
    sessions_prescribed: int
    adherence_rule: str  # what counts, in words
    to_discuss: list[DiscussItem]
    outcomes: Outcomes


class PatientNote(SQLModel):
    local_date: date
    source: str  # "Check-in" or the exercise's name
    text: str  # cut at NOTE_CHARS


class Summary(SQLModel):
    patient_name: str | None
    email: str
    painful_side: str
    condition: str
    program_start: date
    start: date
    end: date
    calf_stage: int
    stage_count: int
    stage_name: str
    program_name: str  # the program followed (PROTOCOL.md 7)
    calf_dose: str
    hip_resistance_steps: dict[str, int]
    exercise_names: dict[str, str]  # the names of the exercise ids used above
    thresholds: dict[str, float | None]  # None: the program's value for each stage
    progress: ProgressPublic
    link_expires_at: UTCDateTime | None = None  # set when read through a share link
    glance: Glance
    notes: list[PatientNote]  # in the range, oldest first
    flagged_sessions: list[FlaggedSession]
    decisions: list[DecisionLine]
