from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Request, Response, status

from heelstrong.accounts import ratelimit, service
from heelstrong.accounts.models import Credentials, ProfilePublic, ProfileUpdate, Registration, UserPublic
from heelstrong.core.config import get_settings
from heelstrong.core.deps import SESSION_COOKIE, CurrentUser, SessionDep

router = APIRouter(prefix="/api", tags=["accounts"])


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(timedelta(days=settings.session_lifetime_days).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def _sign_in(db: SessionDep, response: Response, user) -> UserPublic:
    lifetime = timedelta(days=get_settings().session_lifetime_days)
    _set_session_cookie(response, service.start_session(db, user, lifetime))
    return service.public_user(db, user)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    responses={409: {"description": "Email taken"}, 429: {"description": "Too many attempts"}},
)
def register(registration: Registration, db: SessionDep, request: Request, response: Response) -> UserPublic:
    """Create an account and sign in."""
    limit = ratelimit.registrations_per_address()
    ratelimit.enforce(db, limit, _address(request))
    ratelimit.record(db, limit, _address(request))
    return _sign_in(db, response, service.register(db, registration))


@router.post(
    "/auth/login",
    response_model=UserPublic,
    responses={401: {"description": "Wrong email or password"}, 429: {"description": "Too many attempts"}},
)
def login(credentials: Credentials, db: SessionDep, request: Request, response: Response) -> UserPublic:
    """Sign in. Failures are counted per account and per address; too many answer 429."""
    limits = [
        (ratelimit.FAILED_LOGINS_PER_ACCOUNT, credentials.email),
        (ratelimit.FAILED_LOGINS_PER_ADDRESS, _address(request)),
    ]
    for limit, subject in limits:
        ratelimit.enforce(db, limit, subject)
    try:
        user = service.authenticate(db, credentials)
    except HTTPException:
        for limit, subject in limits:
            ratelimit.record(db, limit, subject)
        raise
    return _sign_in(db, response, user)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    db: SessionDep,
    response: Response,
    token: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> None:
    """Revoke this browser's session; the cookie stops working everywhere at once."""
    if token:
        service.revoke_session(db, token)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser, db: SessionDep) -> UserPublic:
    return service.public_user(db, user)


@router.get("/profile", response_model=ProfilePublic)
def read_profile(user: CurrentUser, db: SessionDep) -> ProfilePublic:
    public = service.public_user(db, user).profile
    if public is None:
        raise HTTPException(status_code=404, detail="No profile yet: set your painful side and start date first.")
    return public


@router.put("/profile", response_model=ProfilePublic)
def update_profile(update: ProfileUpdate, user: CurrentUser, db: SessionDep) -> ProfilePublic:
    return ProfilePublic.model_validate(service.save_profile(db, user, update))
