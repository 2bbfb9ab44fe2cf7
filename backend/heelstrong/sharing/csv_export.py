"""The CSV export: one row per set, ready for a spreadsheet."""

import csv
import io
from datetime import date

from sqlmodel import Session

from heelstrong.accounts.models import User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.sharing.exports import export_history
from heelstrong.training.models import ExerciseSet

# One row per set; a day with a check-in but no sets still gets one row (set columns empty).
CSV_COLUMNS = (
    "date",
    "morning_pain",
    "stiffness_minutes",
    "checkin_note",
    "session_id",
    "set_id",
    "exercise_id",
    "exercise_name",
    "track",
    "side",
    "reps",
    "hold_seconds",
    "load_kg",
    "band",
    "effort",
    "pain_during",
    "settled",
    "set_note",
    "logged_at",
)


def export_csv(db: Session, user: User, start: date, end: date) -> str:
    checkins, sets = export_history(db, user, start, end)
    catalogue = get_catalogue()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    sets_by_day: dict[date, list[ExerciseSet]] = {}
    for local_date, row in sets:
        sets_by_day.setdefault(local_date, []).append(row)
    for day in sorted(set(checkins) | set(sets_by_day)):
        checkin = checkins.get(day)
        day_fields = {
            "date": day.isoformat(),
            "morning_pain": checkin.morning_pain if checkin else "",
            "stiffness_minutes": checkin.stiffness_minutes if checkin and checkin.stiffness_minutes is not None else "",
            "checkin_note": (checkin.note or "") if checkin else "",
        }
        if day not in sets_by_day:
            writer.writerow(day_fields)
        for row in sets_by_day.get(day, []):
            exercise = catalogue.get(row.exercise_id)
            writer.writerow(
                day_fields
                | {
                    "session_id": row.session_id,
                    "set_id": row.id,
                    "exercise_id": row.exercise_id,
                    "exercise_name": exercise.name if exercise else "",
                    "track": exercise.track if exercise else "",
                    "side": row.side,
                    "reps": _blank(row.reps),
                    "hold_seconds": _blank(row.hold_seconds),
                    "load_kg": _blank(row.load_kg),
                    "band": row.band or "",
                    "effort": row.effort or "",
                    "pain_during": row.pain_during,
                    "settled": "yes" if row.settled else "no",
                    "set_note": row.note or "",
                    "logged_at": row.created_at.isoformat(),
                }
            )
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + out.getvalue()


def _blank(value) -> object:
    return "" if value is None else value
