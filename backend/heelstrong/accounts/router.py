from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Cookie, HTTPException, Response, status

from heelstrong.accounts import service
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


@router.post("/auth/register", status_code=status.HTTP_201_CREATED, response_model=UserPublic)
def register(registration: Registration, db: SessionDep, response: Response) -> UserPublic:
    """Create an account and sign in."""
    return _sign_in(db, response, service.register(db, registration))


@router.post("/auth/login", response_model=UserPublic)
def login(credentials: Credentials, db: SessionDep, response: Response) -> UserPublic:
    return _sign_in(db, response, service.authenticate(db, credentials))


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
