"""The per-day totals the progress charts read, and the series they are sent as. The series are
plain pydantic models: a year is hundreds of points, and SQLModel's constructor costs several
times more."""

from datetime import date

from pydantic import BaseModel
from sqlmodel import Field, SQLModel


class ProgressDay(SQLModel, table=True):
    """One patient's day as the charts see it, kept up to date by every write to its check-in or
    sets (progress/daily.py), so a year of charts reads 365 rows instead of aggregating every set."""

    __tablename__ = "progress_day"
    user_id: int = Field(primary_key=True, foreign_key="user.id", ondelete="CASCADE")
    local_date: date = Field(primary_key=True)
    morning_pain: int | None
    stiffness_minutes: int | None
    max_exercise_pain: int | None  # any set that day
    calf_hold_seconds: int  # volume is the calf ladder's: mobility minutes or hip reps are other things
    calf_reps: int
    calf_sets: int
    hip_sets: int
    sets: int


class DayPoint(BaseModel):
    local_date: date
    morning_pain: int | None
    stiffness_minutes: int | None
    max_exercise_pain: int | None


class StagePoint(BaseModel):
    local_date: date
    calf_stage: int


class WeekPoint(BaseModel):
    week_start: date
    sessions_done: int
    sessions_planned: int
    hold_seconds: int  # calf holds only
    reps: int  # calf raises only


class ProgressPublic(BaseModel):
    start: date
    end: date
    too_much_pain: int  # the chart's warning line: pain at or above this breaks the rule
    pain: list[DayPoint]
    stage: list[StagePoint]
    weeks: list[WeekPoint]
    summary: str
