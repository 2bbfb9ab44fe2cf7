"""Clinic mode's use cases. Every clinician read or write of a patient goes through
`linked_patient`, which answers 404 unless the patient is linked to that very clinician: a
colleague's patient, an unlinked patient and another clinic's patient look alike (absent)."""

import secrets
from datetime import date, timedelta

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from heelstrong.accounts import ratelimit
from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.catalogue.clinical import setting
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.clinic.models import (
    AccessPublic,
    Author,
    CareLink,
    CareLinkPublic,
    Clinic,
    ClinicalSettings,
    ClinicalSettingsUpdate,
    Clinician,
    ClinicianNote,
    ClinicianPublic,
    ClinicianRegistration,
    CodeCreated,
    CodeKind,
    LinkCode,
    MessageCreate,
    NoteMessage,
    PatientAccess,
    PatientSeen,
    SettingChange,
    SettingChangePublic,
)
from heelstrong.core.base import utcnow
from heelstrong.core.errors import unprocessable
from heelstrong.core.idempotency import insert_once
from heelstrong.core.security import hash_password, hash_token
from heelstrong.progression import engine
from heelstrong.progression import service as progression
from heelstrong.progression.models import (
    Decision,
    MessagePublic,
    NotePublic,
    PatientThresholds,
    ProgressionState,
    ThresholdFields,
)

# No 0/O or 1/I: a code read aloud or off a screen is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LIFETIME = {"patient": timedelta(hours=24), "clinician": timedelta(days=7)}
# 8 characters from 32 are 2^40 codes; 10 wrong tries per patient in 15 minutes leaves guessing hopeless.
WRONG_CODES = ratelimit.Limit("link-code", 10, timedelta(minutes=15))
NOT_A_CLINICIAN = "This is for clinicians: sign in with a clinician account."
NO_SUCH_PATIENT = "There is no such patient in your caseload."
WRONG_CODE = "That code is not right or has expired: ask for a new one"  # a 422's message gains the full stop
# Which exercises a clinician may switch off: the calf ladder is the program itself (its stage
# and dose are set instead).
SWITCHABLE_TRACKS = ("mobility", "core", "hip")


# ---------------------------------------------------------------- clinicians


def clinician_of(db: Session, user: User) -> Clinician | None:
    return db.get(Clinician, user.id)


def require_clinician(db: Session, user: User) -> Clinician:
    clinician = clinician_of(db, user)
    if clinician is None:
        raise HTTPException(status_code=403, detail=NOT_A_CLINICIAN)
    return clinician


def public_clinician(db: Session, clinician: Clinician) -> ClinicianPublic:
    return ClinicianPublic(name=clinician.name, clinic=db.get(Clinic, clinician.clinic_id).name)


def add_clinician(db: Session, clinic_name: str, email: str, name: str, password: str) -> Clinician:
    """An admin's command: the clinic is created the first time it is named."""
    clinic = db.exec(select(Clinic).where(Clinic.name == clinic_name)).first()
    if clinic is None:
        clinic = Clinic(name=clinic_name)
        db.add(clinic)
        db.flush()
    return _new_clinician(db, clinic.id, email, name, password)


def _new_clinician(db: Session, clinic_id: int, email: str, name: str, password: str) -> Clinician:
    user = User(email=email, password_hash=hash_password(password))
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise HTTPException(
            status_code=409, detail="This email already has a Heelstrong account: use another one."
        ) from None
    clinician = Clinician(user_id=user.id, clinic_id=clinic_id, name=name)
    db.add(clinician)
    db.commit()
    return clinician


def register_clinician(db: Session, registration: ClinicianRegistration) -> Clinician:
    """A colleague's invite code makes a clinician account in the same clinic."""
    code = _redeem(db, registration.code, "clinician")
    inviter = db.get(Clinician, code.clinician_id)
    return _new_clinician(db, inviter.clinic_id, registration.email, registration.name, registration.password)


# ---------------------------------------------------------------- codes and links


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code(db: Session, clinician: Clinician, kind: CodeKind) -> CodeCreated:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    expires_at = utcnow() + CODE_LIFETIME[kind]
    db.add(LinkCode(code_hash=hash_token(raw), kind=kind, clinician_id=clinician.user_id, expires_at=expires_at))
    db.commit()
    return CodeCreated(code=f"{raw[:4]}-{raw[4:]}", kind=kind, expires_at=expires_at)


def _redeem(db: Session, code: str, kind: CodeKind) -> LinkCode:
    """Uses the code up, atomically: of two people entering it at once, one gets it."""
    now = utcnow()
    used = db.exec(
        update(LinkCode)
        .where(
            LinkCode.code_hash == hash_token(_normalised(code)),
            LinkCode.kind == kind,
            col(LinkCode.used_at).is_(None),
            LinkCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(LinkCode.id)
    ).first()
    if used is None:
        db.rollback()
        raise unprocessable(WRONG_CODE)
    return db.get(LinkCode, used[0])


def link(db: Session, patient: User, code: str) -> CareLinkPublic:
    if clinician_of(db, patient) is not None:
        raise HTTPException(status_code=409, detail="A clinician account can't be linked to a clinician.")
    subject = str(patient.id)
    ratelimit.enforce(db, WRONG_CODES, subject)
    try:
        used = _redeem(db, code, "patient")
    except RequestValidationError:
        ratelimit.record(db, WRONG_CODES, subject)
        raise
    existing = db.get(CareLink, patient.id)
    if existing is None:
        db.add(CareLink(patient_id=patient.id, clinician_id=used.clinician_id))
    else:  # a new clinician takes over
        existing.clinician_id, existing.linked_at = used.clinician_id, utcnow()
        db.add(existing)
    db.commit()
    return care_link(db, patient)


def care_link(db: Session, patient: User) -> CareLinkPublic | None:
    found = db.exec(
        select(CareLink, Clinician, Clinic)
        .join(Clinician, Clinician.user_id == CareLink.clinician_id)
        .join(Clinic, Clinic.id == Clinician.clinic_id)
        .where(CareLink.patient_id == patient.id)
    ).first()
    if found is None:
        return None
    care, clinician, clinic = found
    return CareLinkPublic(clinician=clinician.name, clinic=clinic.name, linked_at=care.linked_at)


def unlink(db: Session, patient: User) -> None:
    """The patient ends the link: from this moment their clinician sees nothing more."""
    care = db.get(CareLink, patient.id)
    if care is None:
        raise HTTPException(status_code=404, detail="You are not linked to a clinician.")
    db.delete(care)
    db.commit()


def is_linked(db: Session, patient: User) -> bool:
    return db.get(CareLink, patient.id) is not None


def linked_patient(db: Session, clinician: Clinician, patient_id: int) -> User:
    care = db.get(CareLink, patient_id)
    if care is None or care.clinician_id != clinician.user_id:
        raise HTTPException(status_code=404, detail=NO_SUCH_PATIENT)
    return db.get(User, patient_id)


# ---------------------------------------------------------------- the access log


def log_access(db: Session, clinician: Clinician, patient_ids: list[int], what: str) -> None:
    """Written in the reading request's own transaction: no read goes unrecorded. One statement
    for a whole caseload page (the ORM would insert row by row)."""
    clinic, now = db.get(Clinic, clinician.clinic_id), utcnow()
    db.exec(insert(PatientAccess).values([
        {"patient_id": patient_id, "clinician_id": clinician.user_id, "clinician_name": clinician.name,
         "clinic_name": clinic.name, "what": what, "accessed_at": now}
        for patient_id in patient_ids
    ]))
    db.commit()


ACCESS_LOG_LIMIT = 200


def access_log(db: Session, patient: User) -> list[AccessPublic]:
    """Who looked at my data, newest first (the latest 200)."""
    rows = db.exec(
        select(PatientAccess)
        .where(PatientAccess.patient_id == patient.id)
        .order_by(col(PatientAccess.accessed_at).desc(), col(PatientAccess.id).desc())
        .limit(ACCESS_LOG_LIMIT)
    )
    return [AccessPublic.model_validate(row) for row in rows]


# ---------------------------------------------------------------- clinical settings


def _next_walked_day(db: Session, patient: User) -> date:
    """The first day the engine has not walked yet: where a change takes effect."""
    state = db.get(ProgressionState, patient.id)
    if state is not None and state.evaluated_through is not None:
        return state.evaluated_through + timedelta(days=1)
    profile = db.get(Profile, patient.id)
    return profile.program_start if profile else patient_today(db, patient)


def clinical_settings(db: Session, patient: User) -> ClinicalSettings:
    row = progression.thresholds_for(db, patient)
    return ClinicalSettings.model_validate(row.model_dump() | {"switched_off": row.switched_off or []})


def switchable_exercises() -> list[dict[str, str]]:
    catalogue = get_catalogue()
    return [{"id": e.id, "name": e.name} for track in SWITCHABLE_TRACKS for e in catalogue.by_track(track)]


def _setting_changes(
    before: ClinicalSettings, after: ClinicalSettingsUpdate
) -> list[tuple[tuple[str, str, str], str]]:
    """For each setting that changes: (what, from, to) in words, the record on the patient page,
    and the change as the patient reads it in their decisions."""
    changes = []
    for name in ThresholdFields.model_fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            declared = setting(name)
            what, old, new = declared.change, declared.words(old), declared.words(new)
            changes.append(((what, old, new), f"{what} from {old} to {new}"))
    names = {e["id"]: e["name"] for e in switchable_exercises()}
    was = {s.exercise_id: s.reason for s in before.switched_off}
    now = {s.exercise_id: s.reason for s in after.switched_off}
    for exercise_id in sorted(was.keys() | now.keys()):
        if was.get(exercise_id) != now.get(exercise_id):
            name = names[exercise_id]
            record = (name, f"off ({was[exercise_id]})" if exercise_id in was else "on",
                      f"off ({now[exercise_id]})" if exercise_id in now else "on")
            words = f"{name} switched off: {now[exercise_id]}" if exercise_id in now else f"{name} switched on again"
            changes.append((record, words))
    return changes


def save_settings(db: Session, clinician: Clinician, patient: User, update: ClinicalSettingsUpdate) -> ClinicalSettings:
    """The clinician's change takes effect from the next day the engine walks, is kept with who
    made it and when, and shows in the patient's decisions as changed by their clinician."""
    allowed = {e["id"] for e in switchable_exercises()}
    for switch in update.switched_off:
        if switch.exercise_id not in allowed:
            raise unprocessable(
                "Only hip, mobility and trunk exercises can be switched off; set the calf stage instead")
    if len({s.exercise_id for s in update.switched_off}) != len(update.switched_off):
        raise unprocessable("List each switched-off exercise once")
    if db.get(Profile, patient.id) is not None:
        # Every complete day walked first, by the settings as they were (as for a stage move):
        # the days the patient has lived keep their rules.
        progression.evaluate(db, patient)
    before = clinical_settings(db, patient)
    changes = _setting_changes(before, update)
    if not changes:
        return before
    first_day = _next_walked_day(db, patient)
    row = db.get(PatientThresholds, patient.id) or PatientThresholds(user_id=patient.id)
    row.sqlmodel_update(update.model_dump(exclude={"switched_off"}))
    row.switched_off = [s.model_dump() for s in update.switched_off]
    row.updated_at = utcnow()
    db.add(row)
    db.add(SettingChange(patient_id=patient.id, changed_by=clinician.user_id, changed_by_name=clinician.name,
                         effective_from=first_day, changes=[list(record) for record, _ in changes]))
    decision = engine.clinician_changed_settings(first_day, patient_today(db, patient), [words for _, words in changes],
                                                clinician.name)
    db.add(_stored_decision(patient, decision))
    db.commit()
    return clinical_settings(db, patient)


def _stored_decision(patient: User, decision: engine.Decision) -> Decision:
    return Decision(user_id=patient.id, local_date=decision.local_date, track=decision.track, kind=decision.kind,
                    rule=decision.rule, message=decision.message, reasons=decision.reasons)


def setting_changes(db: Session, patient: User) -> list[SettingChangePublic]:
    rows = db.exec(
        select(SettingChange)
        .where(SettingChange.patient_id == patient.id)
        .order_by(col(SettingChange.changed_at).desc(), col(SettingChange.id).desc())
    )
    return [SettingChangePublic.model_validate(row) for row in rows]


def move_to_stage(db: Session, clinician: Clinician, patient: User, stage: int) -> None:
    """Continue from ``stage`` at its starting dose, from the next walked day."""
    catalogue = progression.catalogue_for(db, patient)
    stages = len(catalogue.stages)
    if stage > stages:
        raise unprocessable(f"The calf ladder has {stages} stages: choose 1 to {stages}")
    progression.evaluate(db, patient)  # every complete day walked first, by the rules as they were
    stored = db.get(ProgressionState, patient.id)
    state = engine.STATE_JSON.validate_python(stored.state)
    first_day = _next_walked_day(db, patient)
    moved, decision = engine.clinician_moves_stage(state, catalogue, stage, first_day, patient_today(db, patient),
                                                  clinician.name)
    changed = db.exec(
        update(ProgressionState)
        .where(ProgressionState.user_id == patient.id, ProgressionState.evaluated_through == stored.evaluated_through)
        .values(calf_stage=moved.calf_stage, state=engine.STATE_JSON.dump_python(moved, mode="json"),
                updated_at=utcnow())
    ).rowcount
    if changed != 1:
        db.rollback()
        raise HTTPException(status_code=409, detail="The plan was being updated at that moment: try again.")
    db.add(SettingChange(patient_id=patient.id, changed_by=clinician.user_id, changed_by_name=clinician.name,
                         effective_from=first_day,
                         changes=[["calf stage", str(state.calf_stage), str(stage)]]))
    db.add(_stored_decision(patient, decision))
    db.commit()


# ---------------------------------------------------------------- notes and referrals


def write_note(db: Session, clinician: Clinician, patient: User, body: str) -> NotePublic:
    note = ClinicianNote(patient_id=patient.id, clinician_id=clinician.user_id, clinician_name=clinician.name,
                         body=body)
    db.add(note)
    db.commit()
    return _thread(note, [], "clinician")


def _thread(note: ClinicianNote, messages: list[NoteMessage], reader: Author) -> NotePublic:
    """A note and its messages (oldest first), with what `reader` has not read yet."""
    unread = sum(1 for m in messages if m.author != reader and m.read_at is None)
    if reader == "patient" and note.read_at is None:
        unread += 1
    return NotePublic(id=note.id, clinician_name=note.clinician_name, body=note.body, created_at=note.created_at,
                      read_at=note.read_at, messages=[MessagePublic.model_validate(m) for m in messages],
                      unread=unread, last_at=messages[-1].created_at if messages else note.created_at)


def _messages(db: Session, note_ids: list[int]) -> dict[int, list[NoteMessage]]:
    by_note: dict[int, list[NoteMessage]] = {note_id: [] for note_id in note_ids}
    if note_ids:
        for message in db.exec(select(NoteMessage).where(col(NoteMessage.note_id).in_(note_ids))
                               .order_by(col(NoteMessage.created_at), col(NoteMessage.id))):
            by_note[message.note_id].append(message)
    return by_note


def notes_for(db: Session, patient: User, reader: Author = "patient", unread_only: bool = False) -> list[NotePublic]:
    """The patient's threads as `reader` sees them, the latest activity first (two reads)."""
    notes = list(db.exec(select(ClinicianNote).where(ClinicianNote.patient_id == patient.id)
                         .order_by(col(ClinicianNote.created_at).desc(), col(ClinicianNote.id).desc())))
    messages = _messages(db, [note.id for note in notes])
    threads = [_thread(note, messages[note.id], reader) for note in notes]
    if unread_only:
        threads = [thread for thread in threads if thread.unread]
    return sorted(threads, key=lambda thread: thread.last_at, reverse=True)  # stable: newest note first on a tie


def _note_of(db: Session, patient: User, note_id: int) -> ClinicianNote:
    note = db.get(ClinicianNote, note_id)
    if note is None or note.patient_id != patient.id:
        raise HTTPException(status_code=404, detail="There is no such note.")
    return note


def _read_by(note: ClinicianNote, messages: list[NoteMessage], reader: Author, now) -> list[SQLModel]:
    """Marks what `reader` had not read of the thread (the other side's messages; for the
    patient, the note itself) as read now; answers the rows changed."""
    changed: list[SQLModel] = [m for m in messages if m.author != reader and m.read_at is None]
    if reader == "patient" and note.read_at is None:
        changed.append(note)
    for row in changed:
        row.read_at = now
    return changed


def mark_read(db: Session, patient: User, note_id: int, reader: Author = "patient") -> NotePublic:
    """`reader` has seen the thread: what they had not read in it is marked read, once."""
    note = _note_of(db, patient, note_id)
    messages = _messages(db, [note.id])[note.id]
    changed = _read_by(note, messages, reader, utcnow())
    if changed:
        db.add_all(changed)
        db.commit()
    return _thread(note, messages, reader)


def write_message(db: Session, patient: User, note_id: int, message: MessageCreate, author: Author,
                  author_name: str) -> tuple[NotePublic, bool]:
    """A message in the thread, which the writer has read by then (in the same transaction).
    The same id sent again is the stored message, unchanged (the patient's outbox replays it).
    True = created."""
    note = _note_of(db, patient, note_id)

    def replay() -> NoteMessage | None:
        stored = db.get(NoteMessage, message.id)
        if stored is not None and (stored.note_id, stored.author) != (note.id, author):
            raise HTTPException(status_code=409, detail="This id is already in use; send the message with a new UUID.")
        return stored

    created = False
    if replay() is None:
        now = utcnow()
        db.add_all(_read_by(note, _messages(db, [note.id])[note.id], author, now))
        _, created = insert_once(db, NoteMessage(id=message.id, note_id=note.id, patient_id=patient.id, author=author,
                                                 author_name=author_name, body=message.body, created_at=now), replay)
    return _thread(note, _messages(db, [note.id])[note.id], author), created


def patient_name(db: Session, patient: User) -> str:
    profile = db.get(Profile, patient.id)
    return (profile.display_name if profile else None) or patient.email.split("@")[0]


def seen(db: Session, clinician: Clinician, patient: User) -> None:
    """The clinician opened the patient's page: the caseload's "new" counts from now."""
    row = db.get(PatientSeen, (clinician.user_id, patient.id))
    if row is None:
        row = PatientSeen(clinician_id=clinician.user_id, patient_id=patient.id)
    row.seen_at = utcnow()
    db.add(row)
    try:
        db.commit()
    except IntegrityError:  # opened twice at once: the other request recorded it
        db.rollback()


def referrals(db: Session, patient: User) -> list[Decision]:
    return list(
        db.exec(
            select(Decision)
            .where(Decision.user_id == patient.id, Decision.kind == "refer")
            .order_by(col(Decision.local_date).desc(), col(Decision.id).desc())
        )
    )


def handle_referral(db: Session, clinician: Clinician, patient: User, decision_id: int, note: str) -> Decision:
    """The clinician has seen a referral prompt and dealt with it: it leaves the attention
    column, and the patient reads "your clinician has seen this"."""
    decision = db.get(Decision, decision_id)
    if decision is None or decision.user_id != patient.id or decision.kind != "refer":
        raise HTTPException(status_code=404, detail="There is no such referral prompt.")
    if decision.handled_at is None:
        decision.handled_at, decision.handled_by_name, decision.handled_note = utcnow(), clinician.name, note
        db.add(decision)
        db.commit()
    return decision
