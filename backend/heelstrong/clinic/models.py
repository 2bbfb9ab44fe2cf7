"""Clinic mode: clinics, their clinicians, the link between a patient and their clinician, the
codes that make those links, the clinician's notes, who changed a patient's clinical settings,
and the record of every clinician read of a patient's data."""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from pydantic import AfterValidator
from pydantic import Field as PydanticField
from pydantic.fields import FieldInfo
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from heelstrong.accounts.models import Registration
from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import ExerciseId, Label, NoteText, PersonName
from heelstrong.progression.models import DecisionPublic, MeasuresPublic, NotePublic, ThresholdFields
from heelstrong.sharing.models import Summary

CodeKind = Literal["patient", "clinician"]


class Clinic(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    created_at: datetime = utc_column()


class Clinician(SQLModel, table=True):
    """A user who is a clinician of a clinic (a user without this row is a patient)."""

    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    created_at: datetime = utc_column()


class CareLink(SQLModel, table=True):
    """A patient's clinician: at most one; the patient can end it at any time."""

    __tablename__ = "care_link"
    patient_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    clinician_id: int = Field(foreign_key="clinician.user_id", index=True, ondelete="CASCADE")
    linked_at: datetime = utc_column()


class LinkCode(SQLModel, table=True):
    """A short code a clinician shows: a patient enters it to link (kind "patient"), or a new
    colleague registers with it (kind "clinician"). Single use, short-lived, stored hashed."""

    __tablename__ = "link_code"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=16)
    clinician_id: int = Field(foreign_key="clinician.user_id", index=True, ondelete="CASCADE")
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)


class ClinicianNote(SQLModel, table=True):
    """A thread: the clinician's opening note (shown at the top of Today until read), then the
    messages either side writes in it (NoteMessage)."""

    __tablename__ = "clinician_note"
    __table_args__ = (Index("ix_clinician_note_patient_created", "patient_id", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    clinician_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    clinician_name: str = Field(max_length=100)
    body: str = Field(max_length=1000)
    created_at: datetime = utc_column()
    read_at: datetime | None = utc_column(nullable=True)


Author = Literal["patient", "clinician"]


class NoteMessage(SQLModel, table=True):
    """A message in a note's thread, by the patient or their clinician, and when the other side
    read it. The patient's carry the id their phone made (a replay is the same message)."""

    __tablename__ = "note_message"
    __table_args__ = (
        Index("ix_note_message_note_created", "note_id", "created_at"),
        # The caseload's unread answers: a patient's messages their clinician has not read.
        Index("ix_note_message_unread", "patient_id", "author", "read_at"),
    )
    id: UUID = Field(default_factory=uuid4, primary_key=True)
    note_id: int = Field(foreign_key="clinician_note.id", ondelete="CASCADE")
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    author: str = Field(max_length=16)  # Author
    author_name: str = Field(max_length=100)
    body: str = Field(max_length=1000)
    created_at: datetime = utc_column()
    read_at: datetime | None = utc_column(nullable=True)  # by the other side


class PatientSeen(SQLModel, table=True):
    """When a clinician last opened a patient's page: the caseload says what is new since."""

    __tablename__ = "patient_seen"
    clinician_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    patient_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    seen_at: datetime = utc_column()


class SettingChange(SQLModel, table=True):
    """Who changed a patient's clinical settings, when, and from what to what."""

    __tablename__ = "setting_change"
    __table_args__ = (Index("ix_setting_change_patient_at", "patient_id", "changed_at"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    changed_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    changed_by_name: str = Field(max_length=100)
    changed_at: datetime = utc_column()
    effective_from: date
    changes: list[Any] = Field(default_factory=list, sa_type=JSON)  # [[setting, from, to], ...]


class PatientAccess(SQLModel, table=True):
    """A clinician read a patient's data: the patient sees these in Profile."""

    __tablename__ = "patient_access"
    __table_args__ = (Index("ix_patient_access_patient_at", "patient_id", "accessed_at"),)
    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    clinician_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    clinician_name: str = Field(max_length=100)
    clinic_name: str = Field(max_length=100)
    what: str = Field(max_length=32)  # caseload | patient page | pdf | csv | fhir
    accessed_at: datetime = utc_column()


# ---------------------------------------------------------------- what the API takes and gives


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


NotBlank = AfterValidator(_not_blank)


def _written(text_type: Any, max_length: int) -> Any:
    """`text_type` of core.fields at most `max_length` long, and not blank. The length comes
    first, as there (a text too long is told so in characters); a Field on the attribute would
    come before the type's own longer max_length, which would then win."""
    checks = [m for m in text_type.__metadata__ if not isinstance(m, FieldInfo)]
    return Annotated[str, PydanticField(min_length=1, max_length=max_length), *checks, NotBlank]


ShortNote = _written(NoteText, 500)  # a note and each message in its thread: short
HandledNote = _written(NoteText, 300)


class ClinicianPublic(SQLModel):
    name: str
    clinic: str


class ClinicianRegistration(Registration):
    code: Label = Field(description="The invite code a colleague gave you")
    name: Annotated[PersonName, NotBlank] = Field(min_length=1, description="Your name as your patients will see it")


class CodeCreated(SQLModel):
    code: str = Field(description="Shown once; only its hash is stored")
    kind: CodeKind
    expires_at: UTCDateTime


class LinkRequest(SQLModel):
    model_config = {"extra": "forbid"}
    code: Label = Field(description="The code your clinician shows you", schema_extra={"examples": ["HK4T-9PQX"]})


class CareLinkPublic(SQLModel):
    clinician: str
    clinic: str
    linked_at: UTCDateTime


class NoteCreate(SQLModel):
    model_config = {"extra": "forbid"}
    body: ShortNote


class MessageCreate(SQLModel):
    model_config = {"extra": "forbid"}
    id: UUID = Field(description="Made by the client: sending it again is the same message, stored once")
    body: ShortNote


class ReferralHandled(SQLModel):
    model_config = {"extra": "forbid"}
    note: HandledNote = Field(description="What you did about it, for the record")


class SwitchOff(SQLModel):
    exercise_id: ExerciseId
    reason: Annotated[Label, NotBlank] = Field(min_length=1)


class ClinicalSettings(ThresholdFields):
    """The thresholds and pacing (PROTOCOL.md 1, 2a-2c) and the exercises switched off."""

    switched_off: list[SwitchOff] = Field(default_factory=list)


class ClinicalSettingsUpdate(ClinicalSettings):
    model_config = {"extra": "forbid"}


class StageChange(SQLModel):
    model_config = {"extra": "forbid"}
    stage: int = Field(ge=1, le=20, description="The calf stage to continue from, at its starting dose")


class SettingChangePublic(SQLModel):
    changed_by_name: str
    changed_at: UTCDateTime
    effective_from: date
    changes: list[Any]


class AttentionItem(SQLModel):
    kind: Literal["unread", "referral", "flare", "worse_week", "flagged", "heel_rises_fell", "referral_settled",
                  "quiet"]
    label: str  # in words, for the column
    since: date | None
    new: bool = False  # it came after the clinician last opened the patient's page


class UnreadPatient(SQLModel):
    patient_id: int
    unread: int  # the patient's messages you have not read
    latest: UTCDateTime  # when the newest of them came


class Unread(SQLModel):
    """What a caseload or patient page asks every minute or so: answers you have not read."""

    total: int
    patients: list[UnreadPatient]


class CaseloadRow(SQLModel):
    patient_id: int
    name: str
    painful_side: str
    condition: str
    week: int  # program week, 1-based
    calf_stage: int | None
    stage_name: str | None
    load_kg: float | None
    last_checkin: date | None
    sessions_this_week: int  # days with a session in the last 7
    morning_pain: list[int | None]  # the last 14 days, oldest first: the sparkline
    symmetry: int | None = None  # the last heel-rise test's painful side as % of the other (PROTOCOL.md 6)
    unread: int = 0  # the patient's messages you have not read
    last_seen: UTCDateTime | None = None  # when you last opened their page
    attention: list[AttentionItem]
    attention_score: int


class Caseload(SQLModel):
    clinician: ClinicianPublic
    total: int  # patients matching the filter
    page: int
    pages: int
    rows: list[CaseloadRow]


class PatientPage(SQLModel):
    row: CaseloadRow
    summary: Summary
    settings: ClinicalSettings
    setting_changes: list[SettingChangePublic]
    notes: list[NotePublic]
    referrals: list[DecisionPublic]  # every referral prompt, newest first, handled or not
    measures: MeasuresPublic  # heel-rise tests and questionnaires, as the patient reads them
    switchable: list[dict[str, str]]  # exercises that may be switched off: id and name


class AccessPublic(SQLModel):
    clinician_name: str
    clinic_name: str
    what: str
    accessed_at: UTCDateTime
