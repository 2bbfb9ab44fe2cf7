"""Clinic mode over HTTP: the clinician's caseload and patient pages (/api/clinic), and the
patient's side of it: linking to a clinician, their notes, who looked at my data."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from heelstrong.accounts import ratelimit
from heelstrong.clinic import caseload as caseload_service
from heelstrong.clinic import service
from heelstrong.clinic.models import (
    AccessPublic,
    CareLinkPublic,
    Caseload,
    ClinicalSettings,
    ClinicalSettingsUpdate,
    ClinicianPublic,
    ClinicianRegistration,
    CodeCreated,
    CodeKind,
    LinkRequest,
    MessageCreate,
    NoteCreate,
    PatientPage,
    ReferralHandled,
    StageChange,
    Unread,
)
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.fields import MAX_ROW_ID, RangeFrom, RangeTo
from heelstrong.core.idempotency import REPLAYED_RESPONSE, answer_replay_with_200
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.measures import service as measures
from heelstrong.measures.models import MeasureResponseCreate, MeasureResponsePublic
from heelstrong.progress.service import default_range
from heelstrong.progression import measures as plan_measures
from heelstrong.progression import service as progression
from heelstrong.progression.models import DecisionPublic, MeasuresPublic, NotePublic, ProgramChoice, ProgramPublic
from heelstrong.sharing.models import ExportFormat
from heelstrong.sharing.router import export_file
from heelstrong.sharing.service import build_summary

router = APIRouter(prefix="/api", tags=["clinic"], route_class=OneHopRoute)
CLINICIAN = {**SIGNED_IN, **errors(403)}
PatientId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
NoteId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


# ---- clinicians


@router.post("/auth/register-clinician", status_code=status.HTTP_201_CREATED, response_model=ClinicianPublic,
             responses={**WRITE, **errors(409, 429)})
def register_clinician(registration: ClinicianRegistration, db: SessionDep, request: Request) -> ClinicianPublic:
    """A clinician account in the clinic of the colleague whose invite code this is; then sign in.
    Counts against the address's registrations (HEELSTRONG_REGISTRATIONS_PER_HOUR), right code
    or wrong, so invite codes can't be guessed at speed."""
    limit, address = ratelimit.registrations_per_address(), ratelimit.address_of(request)
    ratelimit.enforce(db, limit, address)
    ratelimit.record(db, limit, address)
    return service.public_clinician(db, service.register_clinician(db, registration))


@router.get("/clinic/me", response_model=ClinicianPublic, responses=CLINICIAN)
def whoami(user: CurrentUser, db: SessionDep) -> ClinicianPublic:
    return service.public_clinician(db, service.require_clinician(db, user))


@router.post("/clinic/codes/{kind}", status_code=status.HTTP_201_CREATED, response_model=CodeCreated,
             responses={**CLINICIAN, **WRITE})
def new_code(kind: CodeKind, user: CurrentUser, db: SessionDep) -> CodeCreated:
    """A single-use code: `patient` links a patient to you (24 hours); `clinician` invites a
    colleague into your clinic (7 days). Shown once."""
    return service.new_code(db, service.require_clinician(db, user), kind)


@router.get("/clinic/caseload", response_model=Caseload, responses=CLINICIAN)
def caseload(
    user: CurrentUser,
    db: SessionDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    needs_attention: bool = False,
    search: Annotated[str | None, Query(max_length=100)] = None,
) -> Caseload:
    """Your linked patients, those who need attention first, 25 to a page."""
    return caseload_service.caseload(db, service.require_clinician(db, user), page, needs_attention, search)


@router.get("/clinic/unread", response_model=Unread, responses=CLINICIAN)
def unread(user: CurrentUser, db: SessionDep) -> Unread:
    """How many of each patient's messages you have not read (only patients with any): cheap to
    ask every minute. Counts, not content, so not written to the access log; the caseload or
    patient page fetched when they change is."""
    return caseload_service.unread(db, service.require_clinician(db, user))


@router.get("/clinic/patients/{patient_id}", response_model=PatientPage, responses={**CLINICIAN, **errors(404)})
def patient_page(
    patient_id: PatientId, user: CurrentUser, db: SessionDep, start: RangeFrom = None, end: RangeTo = None
) -> PatientPage:
    """One of your patients: their row, the summary a share link shows, their clinical settings
    and who changed them, your notes and their referral prompts. The read is logged for them."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    start, end = default_range(db, patient, start, end)
    page = PatientPage(
        row=caseload_service.rows_for(db, clinician.user_id, [patient.id])[0],
        summary=build_summary(db, patient, start, end),
        settings=service.clinical_settings(db, patient),
        setting_changes=service.setting_changes(db, patient),
        notes=service.notes_for(db, patient, reader="clinician"),
        referrals=[DecisionPublic.model_validate(d) for d in service.referrals(db, patient)],
        measures=plan_measures.measures_for(db, patient),
        switchable=service.switchable_exercises(),
    )
    service.log_access(db, clinician, [patient.id], "patient page")
    service.seen(db, clinician, patient)
    return page


@router.get("/clinic/patients/{patient_id}/export/{what}", response_class=Response,
            responses={**CLINICIAN, **errors(404)})
def patient_export(
    patient_id: PatientId, what: ExportFormat, user: CurrentUser, db: SessionDep,
    start: RangeFrom = None, end: RangeTo = None,
) -> Response:
    """The patient's summary as PDF, CSV or FHIR, as their share link would give it."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    response = export_file(db, patient, start, end, what)
    service.log_access(db, clinician, [patient.id], what)
    return response


@router.get("/clinic/patients/{patient_id}/measures", response_model=MeasuresPublic,
            responses={**CLINICIAN, **errors(404)})
def patient_measures(patient_id: PatientId, user: CurrentUser, db: SessionDep) -> MeasuresPublic:
    """The patient's heel-rise tests and questionnaires, as they see them. The read is logged for them."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    answer = plan_measures.measures_for(db, patient)
    service.log_access(db, clinician, [patient.id], "measures")
    return answer


@router.post("/clinic/patients/{patient_id}/measures/responses", response_model=MeasureResponsePublic,
             status_code=status.HTTP_201_CREATED, responses={**CLINICIAN, **WRITE, **errors(404, 409)})
def record_patient_response(patient_id: PatientId, entry: MeasureResponseCreate, user: CurrentUser,
                            db: SessionDep, response: Response) -> MeasureResponsePublic:
    """A questionnaire total from the clinic's own licensed form (VISA-A, FFI), with its date."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    row, created = measures.record_response(db, patient.id, entry, entered_by="clinician")
    if not created:
        response.status_code = status.HTTP_200_OK
    return MeasureResponsePublic.model_validate(row)


@router.put("/clinic/patients/{patient_id}/settings", response_model=ClinicalSettings,
            responses={**CLINICIAN, **WRITE, **errors(404)})
def save_settings(
    patient_id: PatientId, update: ClinicalSettingsUpdate, user: CurrentUser, db: SessionDep
) -> ClinicalSettings:
    """Thresholds, pacing and exercises switched off (send every field). Applies from the next
    day the plan reviews, and shows in the patient's decisions as changed by their clinician."""
    clinician = service.require_clinician(db, user)
    return service.save_settings(db, clinician, service.linked_patient(db, clinician, patient_id), update)


@router.put("/clinic/patients/{patient_id}/stage", status_code=status.HTTP_204_NO_CONTENT,
            responses={**CLINICIAN, **WRITE, **errors(404, 409)})
def move_to_stage(patient_id: PatientId, change: StageChange, user: CurrentUser, db: SessionDep) -> None:
    """Continue from this calf stage at its starting dose; the ladder goes on by its rules."""
    clinician = service.require_clinician(db, user)
    service.move_to_stage(db, clinician, service.linked_patient(db, clinician, patient_id), change.stage)


@router.get("/clinic/patients/{patient_id}/programs", response_model=list[ProgramPublic],
            responses={**CLINICIAN, **errors(404, 409)})
def patient_programs(patient_id: PatientId, user: CurrentUser, db: SessionDep) -> list[ProgramPublic]:
    """The programs, whether each fits this patient's condition and equipment, and theirs."""
    clinician = service.require_clinician(db, user)
    return progression.programs_for(db, service.linked_patient(db, clinician, patient_id))


@router.put("/clinic/patients/{patient_id}/program", response_model=list[ProgramPublic],
            responses={**CLINICIAN, **WRITE, **errors(404, 409)})
def set_program(patient_id: PatientId, choice: ProgramChoice, user: CurrentUser, db: SessionDep) -> list[ProgramPublic]:
    """Put the patient on this program from the next day their plan is walked (PROTOCOL.md 7):
    they start at its stage nearest what they can already do, and Today says so."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    progression.set_program(db, patient, choice, by_clinician=True)
    return progression.programs_for(db, patient)


@router.post("/clinic/patients/{patient_id}/notes", status_code=status.HTTP_201_CREATED, response_model=NotePublic,
             responses={**CLINICIAN, **WRITE, **errors(404)})
def write_note(patient_id: PatientId, note: NoteCreate, user: CurrentUser, db: SessionDep) -> NotePublic:
    """A short note, shown at the top of the patient's Today until they read it: it opens a
    thread either of you can write in."""
    clinician = service.require_clinician(db, user)
    return service.write_note(db, clinician, service.linked_patient(db, clinician, patient_id), note.body)


@router.get("/clinic/patients/{patient_id}/notes", response_model=list[NotePublic],
            responses={**CLINICIAN, **errors(404)})
def patient_notes(patient_id: PatientId, user: CurrentUser, db: SessionDep) -> list[NotePublic]:
    """Your notes to the patient and their threads, the latest activity first; `unread` counts
    the patient's messages you have not read. The read is logged for them."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    threads = service.notes_for(db, patient, reader="clinician")
    service.log_access(db, clinician, [patient.id], "notes")
    return threads


@router.post("/clinic/patients/{patient_id}/notes/{note_id}/messages", status_code=status.HTTP_201_CREATED,
             response_model=NotePublic, responses={**CLINICIAN, **WRITE, **REPLAYED_RESPONSE, **errors(404, 409)})
def write_clinician_message(patient_id: PatientId, note_id: NoteId, message: MessageCreate, user: CurrentUser,
                            db: SessionDep, response: Response) -> NotePublic:
    """Write in a note's thread (the patient sees it on Today until read). Answers the thread."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    thread, created = service.write_message(db, patient, note_id, message, "clinician", clinician.name)
    answer_replay_with_200(response, created)
    return thread


@router.post("/clinic/patients/{patient_id}/notes/{note_id}/read", response_model=NotePublic,
             responses={**CLINICIAN, **errors(404)})
def read_patient_messages(patient_id: PatientId, note_id: NoteId, user: CurrentUser, db: SessionDep) -> NotePublic:
    """You have read the patient's messages in this thread: they leave the caseload's unread count."""
    clinician = service.require_clinician(db, user)
    return service.mark_read(db, service.linked_patient(db, clinician, patient_id), note_id, "clinician")


@router.post("/clinic/patients/{patient_id}/referrals/{decision_id}/handled", response_model=DecisionPublic,
             responses={**CLINICIAN, **WRITE, **errors(404)})
def handle_referral(
    patient_id: PatientId,
    decision_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    handled: ReferralHandled,
    user: CurrentUser,
    db: SessionDep,
) -> DecisionPublic:
    """You have seen this referral prompt and dealt with it: it leaves the attention column."""
    clinician = service.require_clinician(db, user)
    patient = service.linked_patient(db, clinician, patient_id)
    return DecisionPublic.model_validate(service.handle_referral(db, clinician, patient, decision_id, handled.note))


# ---- the patient


@router.get("/clinician-link", response_model=CareLinkPublic | None, responses=SIGNED_IN)
def my_clinician(user: CurrentUser, db: SessionDep) -> CareLinkPublic | None:
    """Your clinician, or null."""
    return service.care_link(db, user)


@router.post("/clinician-link", response_model=CareLinkPublic, responses={**SIGNED_IN, **WRITE, **errors(409, 429)})
def link(request: LinkRequest, user: CurrentUser, db: SessionDep) -> CareLinkPublic:
    """Link to the clinician whose code this is: they then see your data and set your clinical settings."""
    return service.link(db, user, request.code)


@router.delete("/clinician-link", status_code=status.HTTP_204_NO_CONTENT, responses={**SIGNED_IN, **errors(403, 404)})
def unlink(user: CurrentUser, db: SessionDep) -> None:
    """End the link: your clinician sees nothing more from now on."""
    service.unlink(db, user)


@router.get("/notes", response_model=list[NotePublic], responses=SIGNED_IN)
def my_notes(user: CurrentUser, db: SessionDep) -> list[NotePublic]:
    """Your clinician's notes and their threads, the latest activity first."""
    return service.notes_for(db, user)


@router.post("/notes/{note_id}/read", response_model=NotePublic, responses={**SIGNED_IN, **errors(403, 404)})
def read_note(note_id: NoteId, user: CurrentUser, db: SessionDep) -> NotePublic:
    """You have read the note and your clinician's messages in its thread: it leaves Today."""
    return service.mark_read(db, user, note_id, "patient")


@router.post("/notes/{note_id}/messages", status_code=status.HTTP_201_CREATED, response_model=NotePublic,
             responses={**SIGNED_IN, **WRITE, **REPLAYED_RESPONSE, **errors(404, 409)})
def write_message(note_id: NoteId, message: MessageCreate, user: CurrentUser, db: SessionDep,
                  response: Response) -> NotePublic:
    """Your answer in a note's thread, as often as you need; the same id sent again is stored
    once (200). Answers the thread."""
    thread, created = service.write_message(db, user, note_id, message, "patient", service.patient_name(db, user))
    answer_replay_with_200(response, created)
    return thread


@router.get("/profile/access-log", response_model=list[AccessPublic], responses=SIGNED_IN)
def access_log(user: CurrentUser, db: SessionDep) -> list[AccessPublic]:
    """Who looked at your data through clinic mode, newest first."""
    return service.access_log(db, user)
