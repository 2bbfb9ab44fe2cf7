"""Series for the progress charts (and the clinician summary)."""

from datetime import date

from sqlmodel import SQLModel


class DayPoint(SQLModel):
    local_date: date
    morning_pain: int | None
    max_exercise_pain: int | None


class StagePoint(SQLModel):
    local_date: date
    calf_stage: int


class WeekPoint(SQLModel):
    week_start: date
    sessions_done: int
    sessions_planned: int
    hold_seconds: int
    reps: int


class ProgressPublic(SQLModel):
    start: date
    end: date
    too_much_pain: int  # the chart's warning line: pain at or above this breaks the rule
    pain: list[DayPoint]
    stage: list[StagePoint]
    weeks: list[WeekPoint]
    summary: str
