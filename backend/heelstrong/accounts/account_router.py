"""Self-service: the patient's own password, sign-ins, data archive and account deletion."""

from typing import Annotated

from fastapi import APIRouter, Cookie, Path, Request, Response, status

from heelstrong.accounts import ratelimit, self_service
from heelstrong.accounts.models import AccountDeleted, AccountDeletion, PasswordChange, SignedInDevice
from heelstrong.core.deps import SESSION_COOKIE, CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.responses import SIGNED_IN, WRITE, errors

router = APIRouter(prefix="/api/account", tags=["accounts"], route_class=OneHopRoute, responses=SIGNED_IN)

# The route has a signed-in user, so the cookie is there.
SessionToken = Annotated[str, Cookie(alias=SESSION_COOKIE, include_in_schema=False)]
_WRONG_PASSWORD = {
    **WRITE,
    403: {"description": "The password given is not the account's"},
    429: {"description": "Too many wrong passwords from this address"},
}


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT, responses=_WRONG_PASSWORD)
def change_password(
    change: PasswordChange, user: CurrentUser, db: SessionDep, token: SessionToken, request: Request
) -> None:
    """Asks for the current password (wrong ones count as failed sign-ins from this address);
    signs out every other device (this one stays signed in)."""
    self_service.change_password(db, user, change, token, ratelimit.address_of(request))


@router.get("/devices", response_model=list[SignedInDevice])
def signed_in_devices(user: CurrentUser, db: SessionDep, token: SessionToken) -> list[SignedInDevice]:
    """Where this account is signed in now, this device first."""
    return self_service.devices(db, user, token)


@router.delete("/devices/{device_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404))
def sign_out_device(device_id: Annotated[str, Path(max_length=64)], user: CurrentUser, db: SessionDep) -> None:
    self_service.sign_out_device(db, user, device_id)


@router.post("/sign-out-everywhere", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403))
def sign_out_everywhere(user: CurrentUser, db: SessionDep, response: Response) -> None:
    """Ends every sign-in of this account, this device's too."""
    self_service.sign_out_everywhere(db, user)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "Everything, as one zip"}},
)
def download_everything(user: CurrentUser, db: SessionDep) -> Response:
    """Every row the server keeps about the patient (JSON), plus the CSV and FHIR exports over
    the whole program: no 2-year cap."""
    return Response(
        self_service.export_everything(db, user),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="heelstrong-everything.zip"'},
    )


@router.post("/delete", response_model=AccountDeleted, responses=_WRONG_PASSWORD)
def delete_account(
    deletion: AccountDeletion, user: CurrentUser, db: SessionDep, request: Request, response: Response
) -> AccountDeleted:
    """Asks for the password, then removes the account and every row of it (check-ins, sets,
    decisions, share links and their views...) in one transaction, and says what went."""
    removed = self_service.delete_account(db, user, deletion.password, ratelimit.address_of(request))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return AccountDeleted(removed=removed, message=self_service.deleted_words(removed))
