"""The clinician's first look: start against now, what went wrong since the program started,
where the patient is on the ladder, and what to talk about."""

from datetime import date, timedelta
from statistics import median

from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.instruments import get_measures
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.checkins.models import CheckIn
from heelstrong.measures import service as measures
from heelstrong.measures.reading import heel_rise_fall, heel_rise_words, instrument_words
from heelstrong.progress.models import ProgressDay, WeekPoint
from heelstrong.progression.engine.messages import rule_name
from heelstrong.progression.models import Decision
from heelstrong.progression.service import thresholds_for
from heelstrong.sharing.models import (
    DiscussItem,
    FlaggedSession,
    Glance,
    GlanceEvent,
    LadderStep,
    Measure,
    Outcomes,
    PatientNote,
)
from heelstrong.training.models import ExerciseSet, TrainingSession

WEEK = timedelta(days=7)
NOTE_CHARS = 280  # a note longer than this is cut, ending in "..."
GAP_DAYS = 4  # this many days in a row with nothing logged is worth asking about
ADHERENCE_RULE = (
    "What counts: a day with any calf set logged (the plan asks for calf work daily), and hip work on up to the "
    "3 days a week the plan asks for; from the program start to today; mobility and core not counted."
)


def _median(values: list[int]) -> float | None:
    return median(values) if values else None


def _measures(db: Session, user: User, program_start: date, today: date) -> list[Measure]:
    first_week, last_week = (
        (program_start, program_start + WEEK - timedelta(days=1)),
        (today - WEEK + timedelta(days=1), today),
    )
    days = db.exec(
        select(ProgressDay.local_date, ProgressDay.morning_pain, ProgressDay.max_exercise_pain,
               ProgressDay.stiffness_minutes).where(
            ProgressDay.user_id == user.id,
            (ProgressDay.local_date.between(*first_week)) | (ProgressDay.local_date.between(*last_week)),
        )
    ).all()

    def measure(label: str, unit: str, column: int) -> Measure:
        start = [row[column] for row in days if row[column] is not None and first_week[0] <= row[0] <= first_week[1]]
        now = [row[column] for row in days if row[column] is not None and last_week[0] <= row[0] <= last_week[1]]
        return Measure(
            label=label, unit=unit, start=_median(start), start_days=len(start), now=_median(now), now_days=len(now)
        )

    return [
        measure("Morning first-steps pain", "/10", 1),
        measure("Highest pain during exercise", "/10", 2),
        measure("Morning stiffness", "min", 3),
    ]


def _outcomes(db: Session, user: User, profile: Profile) -> Outcomes:
    """Every measure since the program started (whatever range is chosen): start against now."""
    rules, goal = get_measures().heel_rise, thresholds_for(db, user).symmetry_goal
    tests = [measures.rises(test) for test in measures.heel_rise_tests(db, user.id)]
    heel_rise = heel_rise_words(tests, rules, goal)
    lines = [f"Heel-rise test: {words}" if n == 0 else words for n, words in enumerate(heel_rise)]
    answered = measures.by_instrument(measures.responses(db, user.id))
    for instrument in get_measures().instruments:
        words = instrument_words(instrument, [(row.local_date, row.score) for row in answered.get(instrument.id, [])])
        if words:
            lines.append(words)
    return Outcomes(lines=lines, symmetry=tests[-1].symmetry if tests else None, symmetry_goal=goal,
                    signal=heel_rise_fall(tests, rules))


def _event_kind(decision: Decision) -> str | None:
    """What a clinician must not miss: a referral prompt, a flare-up, a stage back, a new program."""
    if decision.kind == "refer":
        return "referral"
    if decision.kind == "program":
        return "program"
    if decision.rule == "morning_flare":
        return "flare"
    return "stage_back" if decision.kind == "stage_back" else None


def _events_and_ladder(decisions: list[Decision]) -> tuple[list[GlanceEvent], list[LadderStep]]:
    events, ladder = [], []
    stage, load = 1, 0.0
    for d in decisions:
        kind = _event_kind(d)
        if kind is not None:
            events.append(
                GlanceEvent(
                    local_date=d.local_date,
                    kind=kind,
                    rule_name=rule_name(d.rule, d.kind, d.reasons),
                    message=d.message,
                    acknowledged_at=d.acknowledged_at if kind == "referral" else None,
                )
            )
        if "to_stage" in d.reasons:
            stage, load = d.reasons["to_stage"], 0.0
        # An engine before the pacing rules stored the new load of an add_load as load_kg.
        new_load = d.reasons.get("to_load_kg", d.reasons.get("load_kg") if d.rule == "add_load" else None)
        if new_load is not None:
            load = new_load
        if "to_stage" in d.reasons or new_load is not None:
            # A flare moves the plan that morning, and a clinician's stage is dated the day it
            # applies from; every other change from the next day.
            first_day = d.local_date + timedelta(days=0 if d.rule in ("morning_flare", "clinician_stage") else 1)
            if ladder and ladder[-1].local_date == first_day:
                ladder.pop()
            if not ladder or (ladder[-1].calf_stage, ladder[-1].load_kg) != (stage, load):
                ladder.append(LadderStep(local_date=first_day, calf_stage=stage, load_kg=load))
    return events[::-1], ladder


def _gaps(db: Session, user: User, start: date, end: date) -> list[DiscussItem]:
    """Runs of days in the range with neither a check-in nor a session."""
    logged = set(
        db.exec(
            select(ProgressDay.local_date).where(
                ProgressDay.user_id == user.id, ProgressDay.local_date.between(start, end)
            )
        ).all()
    )
    gaps, run_start, day = [], None, start
    while day <= end + timedelta(days=1):
        if day not in logged and day <= end:
            run_start = run_start or day
        elif run_start is not None:
            length = (day - run_start).days
            if length >= GAP_DAYS:
                gaps.append(
                    DiscussItem(
                        local_date=run_start,
                        topic="gap",
                        text=f"{length} days with nothing logged, from {run_start.isoformat()}.",
                    )
                )
            run_start = None
        day += timedelta(days=1)
    return gaps


def patient_notes(db: Session, user: User, start: date, end: date) -> list[PatientNote]:
    names = {e.id: e.name for e in get_catalogue().exercises}
    notes = [
        PatientNote(local_date=d, source="Check-in", text=_cut(text))
        for d, text in db.exec(
            select(CheckIn.local_date, CheckIn.note).where(
                CheckIn.user_id == user.id, CheckIn.local_date.between(start, end), col(CheckIn.note).is_not(None)
            )
        )
        if text.strip()
    ]
    notes += [
        PatientNote(local_date=d, source=names.get(exercise_id, exercise_id), text=_cut(text))
        for d, exercise_id, text in db.exec(
            select(TrainingSession.local_date, ExerciseSet.exercise_id, ExerciseSet.note)
            .join(ExerciseSet, ExerciseSet.session_id == TrainingSession.id)
            .where(
                TrainingSession.user_id == user.id,
                TrainingSession.local_date.between(start, end),
                col(ExerciseSet.note).is_not(None),
            )
        )
        if text.strip()
    ]
    return sorted(notes, key=lambda note: note.local_date)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NOTE_CHARS else text[: NOTE_CHARS - 3].rstrip() + "..."


def build_glance(
    db: Session,
    user: User,
    profile: Profile,
    today: date,
    start: date,
    end: date,
    weeks: list[WeekPoint],
    flagged: list[FlaggedSession],
    notes: list[PatientNote],
    since_start: list[Decision],
) -> Glance:
    """``since_start``: the patient's decisions from the program's start, in order."""
    events, ladder = _events_and_ladder(since_start)
    if not ladder or ladder[0].local_date > profile.program_start:
        ladder.insert(0, LadderStep(local_date=profile.program_start, calf_stage=1, load_kg=0.0))
    in_range = [d for d in since_start if start <= d.local_date <= end]
    to_discuss = [
        DiscussItem(local_date=e.local_date, topic="referral", text=e.message)
        for e in events
        if e.kind == "referral" and e.acknowledged_at is None
    ]
    to_discuss += _newest(
        [
            DiscussItem(
                local_date=f.local_date,
                topic="flagged",
                text=f"{', '.join(f.rule_names)}: {', '.join(f.exercises) or 'calf exercise'}"
                + (f", pain {f.pain}/10" if f.pain is not None else "")
                + ".",
            )
            for f in flagged
        ],
        "flagged sessions",
    )
    to_discuss += _newest(
        [
            DiscussItem(local_date=d.local_date, topic="worse_week", text=d.message)
            for d in in_range
            if d.kind == "trend"
        ],
        "worse weeks",
    )
    to_discuss += _newest(_gaps(db, user, max(start, profile.program_start), min(end, today)), "gaps")
    to_discuss += _newest(
        [DiscussItem(local_date=n.local_date, topic="note", text=f'{n.source}: "{n.text}"') for n in notes], "notes"
    )
    outcomes = _outcomes(db, user, profile)
    if outcomes.signal:
        to_discuss.append(DiscussItem(local_date=None, topic="measure", text=outcomes.signal + "."))
    return Glance(
        measures=_measures(db, user, profile.program_start, today),
        events=events,
        ladder=ladder,
        sessions_done=sum(w.sessions_done for w in weeks),
        sessions_prescribed=sum(w.sessions_planned for w in weeks),
        adherence_rule=ADHERENCE_RULE,
        to_discuss=to_discuss,
        outcomes=outcomes,
    )


def _newest(items: list[DiscussItem], what: str, keep: int = 3) -> list[DiscussItem]:
    """The newest few of a kind; the rest are counted (they are all further down the summary)."""
    items = sorted(items, key=lambda item: item.local_date or date.min, reverse=True)
    if len(items) <= keep:
        return items
    return [
        *items[:keep],
        DiscussItem(
            local_date=None, topic=items[0].topic, text=f"and {len(items) - keep} earlier {what} in this range."
        ),
    ]
