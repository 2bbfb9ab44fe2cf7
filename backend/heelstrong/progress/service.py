"""Progress series: the days are read from `progress_day` (kept on write, daily.py); weeks and the
stage line are folded from those."""

from datetime import date, timedelta

from sqlmodel import Session, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.core.errors import unprocessable
from heelstrong.progress.models import DayPoint, ProgressDay, ProgressPublic, StagePoint, WeekPoint
from heelstrong.progression.models import Decision

MAX_RANGE_DAYS = 2 * 366
CALF_DAYS_PER_WEEK = 7  # the calf track is planned daily
HIP_DAYS_PER_WEEK = 3


DEFAULT_WEEKS = 4


def default_range(db: Session, user: User, start: date | None, end: date | None) -> tuple[date, date]:
    """The range asked for; by default the last 4 weeks, not starting before the program did."""
    end = end or patient_today(db, user)
    if start is None:
        profile = db.get(Profile, user.id)
        start = end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        if profile and start < profile.program_start <= end:
            start = profile.program_start
    check_range(start, end)
    return start, end


def check_range(start: date, end: date) -> None:
    if start > end:
        raise unprocessable("'from' must not be after 'to'")
    if (end - start).days > MAX_RANGE_DAYS:
        raise unprocessable("the range must not be longer than 2 years; choose a shorter one")


def _stage_line(db: Session, user: User, start: date, end: date, program_start: date) -> list[dict]:
    changes = db.exec(
        select(Decision.local_date, Decision.reasons)
        .where(
            Decision.user_id == user.id,
            Decision.local_date <= end,
            Decision.track == "calf",
            Decision.kind.in_(["progress", "stage_back", "clinician"]),  # a clinician may set the stage
        )
        .order_by(Decision.local_date, Decision.id)
    ).all()
    stage = 1
    points = [{"local_date": max(start, program_start), "calf_stage": 1}]
    for day, reasons in changes:
        stage = reasons.get("to_stage", stage)
        if day < start:
            points[0]["calf_stage"] = stage
        else:
            points.append({"local_date": day, "calf_stage": stage})
    return points


def progress(db: Session, user: User, start: date, end: date, today: date, too_much_pain: int) -> ProgressPublic:
    check_range(start, end)
    profile = db.get(Profile, user.id)
    program_start = profile.program_start if profile else start
    days = db.exec(
        select(
            ProgressDay.local_date,
            ProgressDay.morning_pain,
            ProgressDay.stiffness_minutes,
            ProgressDay.max_exercise_pain,
            ProgressDay.calf_hold_seconds,
            ProgressDay.calf_reps,
            ProgressDay.calf_sets,
            ProgressDay.hip_sets,
        )
        .where(
            ProgressDay.user_id == user.id,
            ProgressDay.local_date.between(start, end),
            (ProgressDay.sets > 0) | ProgressDay.morning_pain.is_not(None),  # not a session with no sets
        )
        .order_by(ProgressDay.local_date)
    ).all()
    weeks = [
        {"week_start": start + timedelta(days=7 * n), "sessions_done": 0, "hold_seconds": 0, "reps": 0}
        for n in range((end - start).days // 7 + 1)
    ]
    hip_done = [0] * len(weeks)
    for day, _, _, _, hold, reps, calf_sets, hip_sets in days:
        if program_start <= day <= today:  # what was done counts where it was prescribed
            week = weeks[(day - start).days // 7]
            week["sessions_done"] += calf_sets > 0
            week["hold_seconds"] += hold
            week["reps"] += reps
            hip_done[(day - start).days // 7] += hip_sets > 0
    for number, week in enumerate(weeks):
        first = max(week["week_start"], program_start)
        last = min(week["week_start"] + timedelta(days=6), end, today)
        prescribed = max(0, (last - first).days + 1)
        # Calf work every day; hip work on days 1, 3 and 5 of each 7 (a day between), so a part week
        # of n days asks for ceil(3n/7) of them. Done never counts past what was asked.
        hip_prescribed = -(-HIP_DAYS_PER_WEEK * prescribed // CALF_DAYS_PER_WEEK)
        week["sessions_planned"] = prescribed + hip_prescribed
        week["sessions_done"] += min(hip_prescribed, hip_done[number])
    # Plain values, validated in one call: a model per point costs more than the rest of the request.
    chart = ProgressPublic.model_validate(
        {
            "start": start,
            "end": end,
            "too_much_pain": too_much_pain,
            "pain": [
                {"local_date": day, "morning_pain": morning, "stiffness_minutes": stiffness, "max_exercise_pain": most}
                for day, morning, stiffness, most, *_ in days
            ],
            "stage": _stage_line(db, user, start, end, program_start),
            "weeks": weeks,
            "summary": "",
        }
    )
    chart.summary = _summary(chart.pain, chart.stage, chart.weeks)
    return chart


def _summary(pain: list[DayPoint], stage: list[StagePoint], weeks: list[WeekPoint]) -> str:
    """The charts in words, for screen readers and the clinician's first glance."""
    parts = []
    mornings = [p.morning_pain for p in pain if p.morning_pain is not None]
    if mornings:
        parts.append(
            f"Morning pain went from {mornings[0]} to {mornings[-1]} out of 10 over {len(mornings)} check-ins."
        )
    exercise = [p.max_exercise_pain for p in pain if p.max_exercise_pain is not None]
    if exercise:
        parts.append(f"Highest pain during exercise was {max(exercise)} out of 10.")
    parts.append(f"Calf stage {stage[0].calf_stage} at the start, stage {stage[-1].calf_stage} at the end.")
    planned = sum(w.sessions_planned for w in weeks)
    done = sum(w.sessions_done for w in weeks)
    if planned:
        parts.append(f"{done} of {planned} planned sessions done ({round(100 * done / planned)}%).")
    return " ".join(parts)
