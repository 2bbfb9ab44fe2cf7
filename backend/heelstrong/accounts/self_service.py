"""A patient's rights over their own account: change the password, see and end sign-ins,
download everything, delete everything."""

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta

from fastapi import HTTPException
from fastapi.encoders import jsonable_encoder
from sqlalchemy import Table, delete, select, update
from sqlmodel import Session, SQLModel

from heelstrong.accounts import ratelimit
from heelstrong.accounts.models import AuthSession, PasswordChange, SignedInDevice, User
from heelstrong.accounts.service import patient_today
from heelstrong.core.base import as_utc, utcnow
from heelstrong.core.fields import EARLIEST_DATE
from heelstrong.core.security import hash_password, hash_token, verify_password
from heelstrong.sharing.csv_export import export_csv, export_measures_csv
from heelstrong.sharing.fhir_export import export_fhir

WRONG_PASSWORD = "That is not your current password."
# Columns that hold secrets (hashes of passwords and tokens): never written into an archive.
_SECRET_SUFFIX = "_hash"
DEVICE_ID_LENGTH = 16  # a prefix of the token's hash: names a sign-in without letting anyone use it


def _check_password(db: Session, user: User, password: str, address: str) -> None:
    """As a sign-in would: wrong passwords from one address count towards its pair limit, so
    these forms can't be used to guess the password of a device left signed in."""
    subject = ratelimit.pair(user.email, address)
    ratelimit.enforce(db, ratelimit.FAILED_SIGN_INS_PER_PAIR, subject)
    if not verify_password(password, user.password_hash):
        ratelimit.record(db, ratelimit.FAILED_SIGN_INS_PER_PAIR, subject)
        raise HTTPException(status_code=403, detail=WRONG_PASSWORD)


def _sign_ins(user: User):
    return select(AuthSession).where(
        AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > utcnow()
    )


def change_password(db: Session, user: User, change: PasswordChange, current_token: str, address: str) -> int:
    """A new password; every other sign-in ends (this one stays). Answers how many ended."""
    _check_password(db, user, change.current_password, address)
    user.password_hash = hash_password(change.new_password)
    db.add(user)
    ended = _end_sign_ins(db, user, keep=hash_token(current_token))
    db.commit()
    return ended


def _end_sign_ins(db: Session, user: User, keep: str | None = None, device_id: str | None = None) -> int:
    statement = update(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
    if keep is not None:
        statement = statement.where(AuthSession.token_hash != keep)
    if device_id is not None:
        statement = statement.where(AuthSession.token_hash.startswith(device_id, autoescape=True))
    return db.execute(statement.values(revoked_at=utcnow())).rowcount


def devices(db: Session, user: User, current_token: str) -> list[SignedInDevice]:
    current = hash_token(current_token)
    rows = db.scalars(_sign_ins(user)).all()
    listed = [
        SignedInDevice(
            id=row.token_hash[:DEVICE_ID_LENGTH],
            signed_in_at=row.created_at,
            last_used_at=row.last_seen_at or row.created_at,
            expires_at=row.expires_at,
            device=row.user_agent,
            this_device=row.token_hash == current,
        )
        for row in rows
    ]
    return sorted(listed, key=lambda device: (not device.this_device, -as_utc(device.last_used_at).timestamp()))


def sign_out_device(db: Session, user: User, device_id: str) -> None:
    well_formed = len(device_id) == DEVICE_ID_LENGTH and all(c in "0123456789abcdef" for c in device_id)
    if not well_formed or not _end_sign_ins(db, user, device_id=device_id):
        raise HTTPException(status_code=404, detail="That device is not signed in any more.")
    db.commit()


def sign_out_everywhere(db: Session, user: User) -> int:
    ended = _end_sign_ins(db, user)
    db.commit()
    return ended


# ---------------------------------------------------------------- every row of a patient


def _patient_rows(user_id: int) -> Iterator[tuple[Table, object]]:
    """For every table, a where-clause picking this patient's rows: by `user_id` or
    `patient_id` (clinic mode's rows about a patient), through a foreign key to a table that has
    a `user_id` (a share link's views), or the account itself. Read from the schema, so a table
    added later is covered without touching this."""
    for table in SQLModel.metadata.sorted_tables:
        if "user_id" in table.c:
            yield table, table.c.user_id == user_id
        elif "patient_id" in table.c:
            yield table, table.c.patient_id == user_id
        elif table.name == User.__tablename__:
            yield table, table.c.id == user_id
        else:
            for key in table.foreign_keys:
                parent = key.column.table
                if "user_id" in parent.c:
                    yield table, key.parent.in_(select(key.column).where(parent.c.user_id == user_id))
                    break


def delete_account(db: Session, user: User, password: str, address: str) -> dict[str, int]:
    """Every row of the patient, in one transaction, children first. Answers rows removed per table."""
    _check_password(db, user, password, address)
    removed = {}
    for table, mine in reversed(list(_patient_rows(user.id))):
        count = db.execute(delete(table).where(mine)).rowcount
        if count:
            removed[table.name] = count
    db.commit()
    return removed


def export_everything(db: Session, user: User) -> bytes:
    """One zip: every table's rows of the patient as JSON (secrets left out), and the CSV (sets,
    measures) and FHIR exports over the whole program, with no cap on the range."""
    tables = {}
    for table, mine in _patient_rows(user.id):
        rows = db.execute(select(table).where(mine)).mappings().all()
        tables[table.name] = [
            {column: value for column, value in row.items() if not column.endswith(_SECRET_SUFFIX)} for row in rows
        ]
    start, end = _whole_program(db, user)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("README.txt", _ARCHIVE_README.format(exported_at=utcnow().isoformat(timespec="seconds")))
        zipped.writestr("heelstrong-data.json", json.dumps(jsonable_encoder(tables), indent=2, ensure_ascii=False))
        zipped.writestr("heelstrong-sets.csv", export_csv(db, user, start, end))
        zipped.writestr("heelstrong-measures.csv", export_measures_csv(db, user, start, end))
        zipped.writestr("heelstrong-fhir.json", json.dumps(export_fhir(db, user, start, end), ensure_ascii=False))
    return archive.getvalue()


def _whole_program(db: Session, user: User) -> tuple[date, date]:
    """Every date the app accepts: from the earliest to the patient's tomorrow."""
    return EARLIEST_DATE, patient_today(db, user) + timedelta(days=1)


_ARCHIVE_README = """Everything Heelstrong keeps about you, exported {exported_at} (UTC).

heelstrong-data.json     every row of yours in every table, as stored (password and link
                         secrets are left out: they are one-way hashes and useless outside)
heelstrong-sets.csv      one row per set (a day with a check-in and no sets: one row), for a
                         spreadsheet
heelstrong-measures.csv  one row per measure: each side of a heel-rise test, each activity a
                         questionnaire rated, each score
heelstrong-fhir.json     all of it as a FHIR R4 Bundle, for a clinic's records system
"""


# What each table's rows are, to the patient; a table missing here is said by its name.
_ROW_WORDS = {
    "checkin": ("check-in", "check-ins"),
    "training_session": ("session", "sessions"),
    "exercise_set": ("set", "sets"),
    "decision": ("plan decision", "plan decisions"),
    "share_link": ("share link", "share links"),
    "share_access": ("record of a link opened", "records of links opened"),
    "auth_session": ("sign-in", "sign-ins"),
    "reminder": ("reminder setting", "reminder settings"),
    "push_subscription": ("device for reminder notifications", "devices for reminder notifications"),
    "reminder_push": ("reminder sent as a notification", "reminders sent as notifications"),
    "patient_thresholds": ("set of clinical settings", "sets of clinical settings"),
    "progression_state": ("plan state", "plan states"),
    "today_plan": ("stored plan for today", "stored plans for today"),
    "progress_day": ("day of chart totals", "days of chart totals"),
    "profile": ("profile", "profiles"),
    "care_link": ("link to your clinician", "links to your clinician"),
    "clinician_note": ("note from your clinician", "notes from your clinician"),
    "note_message": ("message in a note's thread", "messages in notes' threads"),
    "patient_seen": ("record of when your clinician last opened your page",
                     "records of when a clinician last opened your page"),
    "setting_change": ("record of a settings change", "records of settings changes"),
    "patient_access": ("record of a clinician's look at your data", "records of a clinician's look at your data"),
}


def deleted_words(removed: dict[str, int]) -> str:
    parts = []
    for table, count in removed.items():
        if table == User.__tablename__:
            continue
        one, many = _ROW_WORDS.get(table, (table.replace("_", " "), table.replace("_", " ")))
        parts.append(f"{count} {one if count == 1 else many}")
    kept = f", with {', '.join(parts)}" if parts else ""
    return f"Your account is deleted{kept}."
