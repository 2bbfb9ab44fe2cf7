"""The CSV exports: one row per set, and (a file of its own) one row per measure reading; ready
for a spreadsheet, and safe to open in one."""

import csv
import io
import re
import unicodedata
from datetime import date
from urllib.parse import quote

from sqlmodel import Session

from heelstrong.accounts.models import Profile, User
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.measures import service as measures
from heelstrong.sharing.exports import HEEL_RISE_NAME, export_history, export_measures, patient_key
from heelstrong.training.models import ExerciseSet

# One row per set; a day with a check-in but no sets still gets one row (set columns empty).
CSV_COLUMNS = (
    "patient_id",
    "patient_name",
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

# One row per reading: each side of a heel-rise test; each activity a questionnaire rated (PSFS)
# or item it asked, then its score (item and rating empty); a licensed form's total, its score.
MEASURES_CSV_COLUMNS = (
    "patient_id",
    "patient_name",
    "date",
    "measure",  # heel_rise, or the instrument's id: psfs, visa_a, ffi, ...
    "measure_name",
    "entry_id",  # the test's or the answered questionnaire's id, the same on each of its rows
    "side",
    "painful",  # yes/no
    "count",  # rises
    "height_held",  # yes/no/not sure
    "pain_during",  # 0-10
    "symmetry_percent",  # on the painful side's row: its rises as % of the other side's
    "item",
    "rating",
    "score",
    "entered_by",  # patient/clinician
    "logged_at",
)
_YES_NO = {True: "yes", False: "no"}

# OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula (the
# fullwidth forms too, which some spreadsheets fold to ASCII). Such a cell gets a leading '.
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Line breaks and tabs inside text become a space; every other C0 or C1 control, and DEL, goes.
_BREAKS = re.compile(r"\r\n|[\t\n\r\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as it is: controls out, and never read as a formula."""
    cleaned = _CONTROLS.sub("", _BREAKS.sub(" ", value))
    # A cell that only starts with a formula character after blanks is neutralised too: some
    # programs trim leading spaces on import.
    if value[:1] in FORMULA_START or cleaned.lstrip()[:1] in FORMULA_START:
        return "'" + cleaned
    return cleaned


class _Sheet:
    """An RFC 4180 file with a byte-order mark (spreadsheet programs then read it as UTF-8)."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.out = io.StringIO()
        self.writer = csv.DictWriter(self.out, fieldnames=columns, lineterminator="\r\n")
        self.writer.writeheader()

    def write(self, row: dict) -> None:
        # Our numbers stay numbers; every string, the patient's text above all, is made safe.
        self.writer.writerow({key: safe_cell(v) if isinstance(v, str) else v for key, v in row.items()})

    def text(self) -> str:
        return "\ufeff" + self.out.getvalue()


def _patient(db: Session, user: User) -> dict:
    # The FHIR Patient's id: pseudonymous, stable, and the same in every file of one patient.
    return {"patient_id": patient_key(user), "patient_name": _display_name(db, user) or ""}


def export_csv(db: Session, user: User, start: date, end: date) -> str:
    checkins, sets = export_history(db, user, start, end)
    catalogue = get_catalogue()
    sheet = _Sheet(CSV_COLUMNS)
    write = sheet.write
    sets_by_day: dict[date, list[ExerciseSet]] = {}
    for local_date, row in sets:
        sets_by_day.setdefault(local_date, []).append(row)
    patient = _patient(db, user)
    for day in sorted(set(checkins) | set(sets_by_day)):
        checkin = checkins.get(day)
        day_fields = patient | {
            "date": day.isoformat(),
            "morning_pain": checkin.morning_pain if checkin else "",
            "stiffness_minutes": checkin.stiffness_minutes if checkin and checkin.stiffness_minutes is not None else "",
            "checkin_note": (checkin.note or "") if checkin else "",
        }
        if day not in sets_by_day:
            write(day_fields)
        for row in sets_by_day.get(day, []):
            exercise = catalogue.get(row.exercise_id)
            write(
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
                    "settled": {True: "yes", False: "no", None: "not answered"}[row.settled],
                    "set_note": row.note or "",
                    "logged_at": row.created_at.isoformat(),
                }
            )
    return sheet.text()


def export_measures_csv(db: Session, user: User, start: date, end: date) -> str:
    """The measures dated in the range, one row per reading (MEASURES_CSV_COLUMNS), by date."""
    history = export_measures(db, user, start, end)
    patient = _patient(db, user)
    entries: list[tuple[date, object, list[dict]]] = []  # (day, logged, its rows)
    for test in history.tests:
        symmetry = measures.rises(test).symmetry
        entries.append((test.local_date, test.created_at, [{
            "measure": "heel_rise", "measure_name": HEEL_RISE_NAME, "entry_id": test.id, "side": side.side,
            "painful": _YES_NO[side.painful], "count": side.count,
            "height_held": _YES_NO.get(side.height_held, "not sure"), "pain_during": side.pain,
            "symmetry_percent": _blank(symmetry if side.painful else None), "entered_by": "patient",
            "logged_at": test.created_at.isoformat(),
        } for side in test.sides]))
    for answered in history.answered:
        instrument = answered.instrument
        for response in answered.responses:
            entry = {"measure": instrument.id, "measure_name": instrument.name, "entry_id": response.id,
                     "entered_by": response.entered_by, "logged_at": response.created_at.isoformat()}
            rated = [] if instrument.kind == "total" else [
                entry | {"item": words, "rating": _number(response.answers[key])}
                for key, words in answered.questions if key in response.answers]
            score = entry | {"score": _number(response.score)}
            entries.append((response.local_date, response.created_at, [*rated, score]))
    sheet = _Sheet(MEASURES_CSV_COLUMNS)
    for day, _, rows in sorted(entries, key=lambda entry: entry[:2]):
        for row in rows:
            sheet.write(patient | {"date": day.isoformat()} | row)
    return sheet.text()


def download_disposition(db: Session, user: User, start: date, end: date, extension: str, what: str = "") -> str:
    """`attachment; filename="heelstrong-<patient>-<from>-to-<to>.<extension>"` (with `-<what>`
    after the patient, e.g. measures), plus the RFC 5987 UTF-8 form (`filename*=`) when the
    patient's name is not plain ASCII. Every download is named so: a clinician's folder sorts them."""
    name = _display_name(db, user) or ""
    tail = (f"{what}-" if what else "") + f"{start.isoformat()}-to-{end.isoformat()}.{extension}"
    ascii_name = f"heelstrong-{_slug(name, ascii_only=True) or 'patient'}-{tail}"
    header = f'attachment; filename="{ascii_name}"'
    utf8_name = f"heelstrong-{_slug(name, ascii_only=False) or 'patient'}-{tail}"
    if utf8_name != ascii_name:
        header += f"; filename*=UTF-8''{quote(utf8_name, safe='')}"
    return header


# Letters NFKD does not take apart into an ASCII letter and an accent.
_ASCII_FOLDS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L",
     "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)
_SLUG_LENGTH = 60


def _slug(name: str, *, ascii_only: bool) -> str:
    """The name's letters and digits (any script, or folded to ASCII), lower case, words joined by -."""
    if ascii_only:
        name = unicodedata.normalize("NFKD", name.translate(_ASCII_FOLDS)).encode("ascii", "ignore").decode()
    name = unicodedata.normalize("NFC", name)
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in name)
    return "-".join(kept.lower().split())[:_SLUG_LENGTH].strip("-")


def _display_name(db: Session, user: User) -> str | None:
    profile = db.get(Profile, user.id)
    return profile.display_name if profile else None


def _number(value: float) -> float | int:
    """4, not 4.0: a rating or score as a person would write it."""
    return int(value) if float(value).is_integer() else value


def _blank(value) -> object:
    return "" if value is None else value
