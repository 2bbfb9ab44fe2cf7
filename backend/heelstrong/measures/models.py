"""Heel-rise tests (one row per test, one per side) and questionnaire answers."""

import uuid
from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import Field as PydanticField
from pydantic import model_validator
from sqlalchemy import JSON, Index
from sqlmodel import Field, Relationship, SQLModel

from heelstrong.core.base import UTCDateTime, utc_column
from heelstrong.core.fields import BoundedDate, Label, PainScore

MAX_HEEL_RISES = 200  # at 30 a minute, over six minutes on one leg: no one counted that
InstrumentId = Annotated[str, PydanticField(pattern=r"^[a-z][a-z0-9_-]{0,39}$", description="e.g. psfs, visa_a")]
Answer = Annotated[float, PydanticField(strict=True, ge=-1000, le=1000)]
EnteredBy = Literal["patient", "clinician"]


class HeelRiseTest(SQLModel, table=True):
    __tablename__ = "heel_rise_test"
    __table_args__ = (Index("ix_heel_rise_test_user_date", "user_id", "local_date"),)

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    local_date: date
    created_at: datetime = utc_column()

    sides: list["HeelRiseSide"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "HeelRiseSide.position",
                                "lazy": "selectin"}
    )


class HeelRiseSide(SQLModel, table=True):
    __tablename__ = "heel_rise_side"

    test_id: uuid.UUID = Field(primary_key=True, foreign_key="heel_rise_test.id", ondelete="CASCADE")
    side: str = Field(primary_key=True, max_length=5)
    position: int  # tested first (0) or second (1): the other side first
    painful: bool
    count: int
    height_held: bool | None = None  # None: the patient could not tell
    pain: int  # during the test, 0-10


class MeasureItem(SQLModel, table=True):
    """An activity the patient named for a questionnaire they word themselves (PSFS): added,
    never reworded."""

    __tablename__ = "measure_item"
    __table_args__ = (Index("ix_measure_item_user_instrument", "user_id", "instrument"),)

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    instrument: str = Field(max_length=40)
    text: str = Field(max_length=100)
    created_at: datetime = utc_column()


class MeasureResponse(SQLModel, table=True):
    """A questionnaire answered on a day: its score, and each answer where the app asked the items."""

    __tablename__ = "measure_response"
    __table_args__ = (Index("ix_measure_response_user_date", "user_id", "local_date"),)

    id: uuid.UUID = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    instrument: str = Field(max_length=40)
    local_date: date
    score: float
    answers: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    entered_by: str = Field(max_length=10)  # patient | clinician
    created_at: datetime = utc_column()


# ---------------------------------------------------------------- requests and answers


class HeelRiseSideCreate(SQLModel):
    model_config = {"extra": "forbid"}

    side: Literal["left", "right"]
    count: Annotated[int, PydanticField(ge=0, le=MAX_HEEL_RISES, strict=True)] = Field(
        description="Rises counted before a stop rule ended the test")
    height_held: Annotated[bool | None, PydanticField(strict=True)] = Field(
        default=None, description="Whether the last rises were still about as high as the first (null: not sure)")
    pain: PainScore = Field(description="Pain during the test, 0-10")


class HeelRiseTestCreate(SQLModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {"examples": [{
            "id": "5b0e6b7a-3f0c-4f55-9f7e-1c2d3e4f5a6b", "local_date": "2026-12-08",
            "sides": [{"side": "right", "count": 26, "height_held": True, "pain": 0},
                      {"side": "left", "count": 22, "height_held": False, "pain": 3}]}]},
    }

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")
    local_date: BoundedDate
    sides: list[HeelRiseSideCreate] = Field(min_length=2, max_length=2, description="Both sides, in the order tested")

    @model_validator(mode="after")
    def _both_sides(self) -> Self:
        if {s.side for s in self.sides} != {"left", "right"}:
            raise ValueError("the test has one result for the left side and one for the right")
        return self


class HeelRiseSidePublic(SQLModel):
    side: str
    painful: bool
    count: int
    height_held: bool | None
    pain: int


class HeelRiseTestPublic(SQLModel):
    id: uuid.UUID
    local_date: date
    sides: list[HeelRiseSidePublic]
    painful_count: int = Field(description="The painful side's rises (both heels painful: the fewer)")
    symmetry: int | None = Field(description="Painful side's rises as % of the other side's; null with both painful")
    created_at: UTCDateTime


class MeasureItemCreate(SQLModel):
    model_config = {"extra": "forbid"}

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")
    instrument: InstrumentId
    text: Annotated[Label, PydanticField(min_length=2, max_length=80)] = Field(
        description="The activity in the patient's words, e.g. 'Walk the dog for 30 minutes'")


class MeasureItemPublic(SQLModel):
    id: uuid.UUID
    instrument: str
    text: str


class MeasureResponseCreate(SQLModel):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {"examples": [
            {"id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "instrument": "visa_a", "local_date": "2026-12-08",
             "total": 64}]},
    }

    id: uuid.UUID = Field(description="Made by the client; replaying it never duplicates")
    instrument: InstrumentId
    local_date: BoundedDate
    answers: dict[Annotated[str, PydanticField(max_length=40)], Answer] | None = Field(
        default=None, max_length=50, description="Each item's answer (PSFS: each activity's id and its rating)")
    total: Answer | None = Field(default=None, description="The total from the clinic's own form (kind total)")


class MeasureResponsePublic(SQLModel):
    id: uuid.UUID
    instrument: str
    local_date: date
    score: float
    answers: dict[str, float]
    entered_by: EnteredBy
    created_at: UTCDateTime
