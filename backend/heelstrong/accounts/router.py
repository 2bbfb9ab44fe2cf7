from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Request, Response, status

from heelstrong.accounts import ratelimit, service
from heelstrong.accounts.models import (
    Credentials,
    ProfilePublic,
    ProfileUpdate,
    Registration,
    RegistrationReceived,
    UserPublic,
)
from heelstrong.core.config import get_settings
from heelstrong.core.deps import SESSION_COOKIE, CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.responses import SIGNED_IN, WRITE, errors

router = APIRouter(prefix="/api", tags=["accounts"], route_class=OneHopRoute)


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        # The server ends an idle sign-in sooner; the browser keeps the cookie for the longest one can last.
        max_age=int(timedelta(days=settings.session_max_days).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def _sign_in(db: SessionDep, request: Request, response: Response, user) -> UserPublic:
    _set_session_cookie(response, service.start_session(db, user, request.headers.get("user-agent")))
    return service.public_user(db, user)


REGISTRATION_RECEIVED = (
    "Thank you. If this email is new to Heelstrong, its account is ready: sign in with it. "
    "If it already has an account, that account is unchanged: sign in with its own password."
)


@router.post(
    "/auth/register",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RegistrationReceived,
    responses={**WRITE, 429: {"description": "Too many attempts"}},
)
def register(registration: Registration, db: SessionDep, request: Request) -> RegistrationReceived:
    """Create an account, then sign in with POST /api/auth/login. The answer is the same whether
    or not the email already has an account (which is left as it was, its owner told nothing):
    nobody can learn from it who uses Heelstrong."""
    limit = ratelimit.registrations_per_address()
    ratelimit.enforce(db, limit, ratelimit.address_of(request))
    ratelimit.record(db, limit, ratelimit.address_of(request))
    service.register(db, registration)
    return RegistrationReceived(message=REGISTRATION_RECEIVED)


@router.post(
    "/auth/login",
    response_model=UserPublic,
    responses={**WRITE, 401: {"description": "Wrong email or password"}, 429: {"description": "Too many attempts"}},
)
def login(credentials: Credentials, db: SessionDep, request: Request, response: Response) -> UserPublic:
    """Sign in. Every attempt counts against the address (HEELSTRONG_SIGN_INS_PER_ADDRESS in 15
    minutes), and each wrong password against this account from this address (10 in 15
    minutes); past either, 429. Wrong passwords from elsewhere never stop the owner."""
    address = ratelimit.address_of(request)
    pair = ratelimit.pair(credentials.email, address)
    per_address = ratelimit.sign_ins_per_address()
    ratelimit.enforce(db, per_address, address)
    ratelimit.enforce(db, ratelimit.FAILED_SIGN_INS_PER_PAIR, pair)
    ratelimit.record(db, per_address, address)
    try:
        user = service.authenticate(db, credentials)
    except HTTPException:
        ratelimit.record(db, ratelimit.FAILED_SIGN_INS_PER_PAIR, pair)
        raise
    return _sign_in(db, request, response, user)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403))
def logout(
    db: SessionDep,
    response: Response,
    token: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> None:
    """Revoke this browser's session; the cookie stops working everywhere at once."""
    if token:
        service.revoke_session(db, token)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", response_model=UserPublic, responses=SIGNED_IN)
def me(user: CurrentUser, db: SessionDep) -> UserPublic:
    return service.public_user(db, user)


@router.get("/profile", response_model=ProfilePublic, responses=errors(401, 404))
def read_profile(user: CurrentUser, db: SessionDep) -> ProfilePublic:
    public = service.public_user(db, user).profile
    if public is None:
        raise HTTPException(status_code=404, detail="No profile yet: set your painful side and start date first.")
    return public


@router.put("/profile", response_model=ProfilePublic, responses={**SIGNED_IN, **WRITE})
def update_profile(update: ProfileUpdate, user: CurrentUser, db: SessionDep) -> ProfilePublic:
    return ProfilePublic.model_validate(service.save_profile(db, user, update))
