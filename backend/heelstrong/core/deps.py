"""Request dependencies shared by every router: the database session and the signed-in user."""

from typing import Annotated

from fastapi import Cookie, Depends, HTTPException
from sqlmodel import Session

from heelstrong.accounts.models import User
from heelstrong.accounts.service import user_for_token
from heelstrong.core.db import get_session

SESSION_COOKIE = "heelstrong_session"

# Closed as soon as the route's answer is ready, before it is sent: no connection (or open
# transaction) waits on a slow client.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def current_user(
    db: SessionDep,
    token: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> User:
    user = user_for_token(db, token) if token else None
    if user is None:
        raise HTTPException(status_code=401, detail="Sign in to continue.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
