"""Read-only share links for a clinician, and the record of every access."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.progress.models import ProgressPublic

ExportFormat = Literal["pdf", "csv", "fhir"]


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
    what: str = Field(max_length=16)  # summary | pdf | csv | fhir
    accessed_at: datetime = utc_column()


class ShareLinkCreate(SQLModel):
    model_config = {"extra": "forbid"}

    expires_in_days: Annotated[int, PydanticField(ge=1, le=365, strict=True)] = 30
    label: Annotated[str | None, PydanticField(max_length=100)] = Field(
        default=None, schema_extra={"examples": ["Dr. Berg, physio"]}
    )


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
    message: str


class FlaggedSession(SQLModel):
    local_date: date
    broken_rules: list[str]
    message: str


class ReferralPrompt(SQLModel):
    """A "please talk to your clinician" prompt from the engine (PROTOCOL.md 2c)."""

    local_date: date
    rule: str
    message: str
    acknowledged_at: UTCDateTime | None  # when the patient marked it as read


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
    calf_dose: str
    hip_resistance_steps: dict[str, int]
    exercise_names: dict[str, str]  # the names of the exercise ids used above
    thresholds: dict[str, float | None]  # None: the program's value for each stage
    progress: ProgressPublic
    referrals: list[ReferralPrompt]  # every prompt since the program started, newest first, whatever the range
    flagged_sessions: list[FlaggedSession]
    decisions: list[DecisionLine]
