"""Share links (patient), exports (patient), and the read-only shared view (clinician, no account)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from heelstrong.accounts.models import User
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.fields import MAX_ROW_ID, RangeFrom, RangeTo
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.progress.service import default_range
from heelstrong.sharing import service
from heelstrong.sharing.csv_export import download_disposition, export_csv, export_measures_csv
from heelstrong.sharing.fhir_export import BundleType, export_fhir
from heelstrong.sharing.models import ExportFormat, ShareLinkCreate, ShareLinkCreated, ShareLinkPublic, Summary
from heelstrong.sharing.pdf import render_summary_pdf

router = APIRouter(prefix="/api", tags=["sharing"], route_class=OneHopRoute)

_FILES = {
    "pdf": {"content": {"application/pdf": {}}, "description": "A4 summary"},
    "csv": {"content": {"text/csv": {}}, "description": "One row per set"},
    "measures-csv": {"content": {"text/csv": {}}, "description": "One row per measure reading"},
    "fhir": {"content": {"application/fhir+json": {}}, "description": "FHIR R4 Bundle"},
}
_FILE_CONTENT = {k: v for f in _FILES.values() for k, v in f["content"].items()}
# FHIR only: a collection to read, or a transaction a FHIR server loads (twice without duplicates).
FhirBundleType = Annotated[
    BundleType | None,
    Query(alias="type", description="FHIR only: collection (default), or transaction to load into a FHIR server"),
]


def _bundle_type(what: str, bundle_type: BundleType | None) -> BundleType:
    if bundle_type is not None and what != "fhir":
        message = "applies only to the FHIR export"
        raise RequestValidationError(
            [{"loc": ("query", "type"), "type": "value_error", "msg": message, "ctx": {"error": message}}]
        )
    return bundle_type or "collection"


# Each CSV file: what makes it, and the word its file name carries after the patient's.
_CSV = {"csv": (export_csv, ""), "measures-csv": (export_measures_csv, "measures")}


def export_file(
    db: SessionDep, user: User, start: date | None, end: date | None, what: str, bundle_type: BundleType = "collection"
) -> Response:
    """The one place that turns a format into a download (patient and share link alike)."""
    start, end = default_range(db, user, start, end)

    def named(extension: str, kind: str = "") -> dict[str, str]:  # after the patient and the range
        return {"Content-Disposition": download_disposition(db, user, start, end, extension, kind)}

    if what == "pdf":
        return Response(render_summary_pdf(service.build_summary(db, user, start, end)),
                        media_type="application/pdf", headers=named("pdf"))
    if what in _CSV:
        make, kind = _CSV[what]
        return Response(make(db, user, start, end), media_type="text/csv; charset=utf-8", headers=named("csv", kind))
    return JSONResponse(export_fhir(db, user, start, end, bundle_type), media_type="application/fhir+json",
                        headers=named("json", "fhir-transaction" if bundle_type == "transaction" else "fhir"))


# ---- the patient


@router.post("/share-links", response_model=ShareLinkCreated, status_code=201, responses={**SIGNED_IN, **WRITE})
def create_share_link(request: ShareLinkCreate, user: CurrentUser, db: SessionDep) -> ShareLinkCreated:
    """A read-only link for a clinician (expires, default 30 days; revocable). The token is shown once."""
    return service.create_link(db, user, request)


@router.get("/share-links", response_model=list[ShareLinkPublic], responses=SIGNED_IN)
def list_share_links(user: CurrentUser, db: SessionDep) -> list[ShareLinkPublic]:
    """Every link with its expiry, revocation, last access and number of accesses."""
    return service.list_links(db, user)


@router.delete("/share-links/{link_id}", status_code=204, responses=errors(401, 403, 404))
def revoke_share_link(link_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], user: CurrentUser, db: SessionDep) -> None:
    """Revoke a link: it answers 404 from now on."""
    service.revoke_link(db, user, link_id)


@router.get("/export/summary", response_model=Summary, responses=errors(401, 409))
def my_summary(user: CurrentUser, db: SessionDep, start: RangeFrom = None, end: RangeTo = None) -> Summary:
    return service.build_summary(db, user, *default_range(db, user, start, end))


@router.get("/export/{what}", responses={200: {"content": _FILE_CONTENT}, **errors(401, 409)})
def my_export(
    what: ExportFormat,
    user: CurrentUser,
    db: SessionDep,
    start: RangeFrom = None,
    end: RangeTo = None,
    bundle_type: FhirBundleType = None,
) -> Response:
    """Download the summary PDF, the CSV of check-ins and sets, the CSV of measures (a row per
    heel-rise side, questionnaire item and score), or the FHIR R4 Bundle."""
    return export_file(db, user, start, end, what, _bundle_type(what, bundle_type))


# ---- the clinician, through a link


@router.get(
    "/shared/{token}/summary", response_model=Summary, responses={404: {"description": "Unknown, expired or revoked"}}
)
def shared_summary(token: str, db: SessionDep, start: RangeFrom = None, end: RangeTo = None) -> Summary:
    return service.shared_summary(db, token, start, end)


@router.get(
    "/shared/{token}/{what}",
    responses={200: {"content": _FILE_CONTENT}, 404: {"description": "Unknown, expired or revoked"}},
)
def shared_export(
    token: str,
    what: ExportFormat,
    db: SessionDep,
    start: RangeFrom = None,
    end: RangeTo = None,
    bundle_type: FhirBundleType = None,
) -> Response:
    bundle_type = _bundle_type(what, bundle_type)  # before the view is recorded
    return export_file(db, *service.open_link(db, token, what, start, end), what, bundle_type)
