"""Request dependencies shared by every router (the database session, the signed-in user), and
the route class that gives each request one thread-pool crossing.

FastAPI runs every sync dependency, its teardown and the sync route each in its own hop to the
thread pool; here each hop costs 0.2-0.45 ms, more than the query it carries. So the
dependencies below are `async` and do no I/O: `SessionDep` is a session not yet connected,
`CurrentUser` is the cookie's sign-in still to be looked up. `OneHopRoute` runs the route's
sync function in one hop that first looks the sign-in up (blocking I/O, in that thread), then
runs the route, then closes the session before the answer is sent. Routes still read as plain
typed signatures, `def f(user: CurrentUser, db: SessionDep)`, and tests may override either
dependency as usual.
"""

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Cookie, Depends, HTTPException
from fastapi.routing import APIRoute
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from heelstrong.accounts.models import User
from heelstrong.accounts.service import user_for_token
from heelstrong.core.db import new_session

SESSION_COOKIE = "heelstrong_session"


async def _session() -> AsyncIterator[Session]:
    session = new_session()  # connects on first use, in the route's thread
    try:
        yield session
    finally:
        # OneHopRoute closed it in the route's thread; this only catches a route that ran on
        # the loop itself (an async def route), which must not have used it.
        session.close()


SessionDep = Annotated[Session, Depends(_session, scope="function")]


class SignIn:
    """A session cookie, looked up (blocking I/O) only inside the route's thread."""

    def __init__(self, db: Session, token: str) -> None:
        self.db, self.token = db, token

    def user(self) -> User:
        user = user_for_token(self.db, self.token) if self.token else None
        if user is None:
            raise HTTPException(status_code=401, detail="Sign in to continue.")
        return user


async def _sign_in(
    db: SessionDep,
    token: Annotated[str | None, Cookie(alias=SESSION_COOKIE, include_in_schema=False)] = None,
) -> SignIn:
    if not token:  # no cookie: refused on the loop, no thread needed
        raise HTTPException(status_code=401, detail="Sign in to continue.")
    return SignIn(db, token)


CurrentUser = Annotated[User, Depends(_sign_in)]


def _in_thread(endpoint: Callable[..., Any], values: dict[str, Any]) -> Any:
    sessions = {id(v): v for v in values.values() if isinstance(v, Session)}
    sessions |= {id(v.db): v.db for v in values.values() if isinstance(v, SignIn)}
    try:
        resolved = {name: value.user() if isinstance(value, SignIn) else value for name, value in values.items()}
        return endpoint(**resolved)
    finally:
        for session in sessions.values():
            session.close()


def _one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    # An async wrapper, so FastAPI neither hops for the route nor for checking its answer
    # against the response model (it does for a sync route): the one hop is ours.
    @functools.wraps(endpoint)
    async def run(**values: Any) -> Any:
        return await run_in_threadpool(_in_thread, endpoint, values)

    return run


class OneHopRoute(APIRoute):
    """A sync route whose blocking work (sign-in lookup, the use case, the commit, closing the
    session) runs in a single thread-pool hop."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _one_hop(endpoint)
        super().__init__(path, endpoint, **kwargs)
