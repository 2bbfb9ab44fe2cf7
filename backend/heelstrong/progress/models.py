"""Series for the progress charts (and the clinician summary). Plain pydantic models: a year
is hundreds of points, and SQLModel's constructor costs several times more."""

from datetime import date

from pydantic import BaseModel


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
