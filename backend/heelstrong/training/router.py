from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.fields import MAX_ROW_ID
from heelstrong.core.idempotency import REPLAYED_RESPONSE, answer_replay_with_200
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.training import service
from heelstrong.training.models import (
    SessionCreate,
    SessionPage,
    SessionPublic,
    SessionUpdate,
    SetCreate,
    SetPublic,
    SetUpdate,
)

router = APIRouter(prefix="/api", tags=["training"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.post(
    "/sessions", response_model=SessionPublic, status_code=201, responses={**REPLAYED_RESPONSE, **WRITE, **errors(409)}
)
def create_session(entry: SessionCreate, user: CurrentUser, db: SessionDep, response: Response) -> SessionPublic:
    """Start a training session (client-made UUID; replaying it returns the stored one)."""
    row, created = service.create_session(db, user, entry)
    answer_replay_with_200(response, created)
    return SessionPublic.model_validate(row)


@router.get("/sessions", response_model=SessionPage)
def list_sessions(
    user: CurrentUser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
) -> SessionPage:
    """Training history with its sets, newest first."""
    rows, total = service.list_sessions(db, user, limit, offset)
    return SessionPage(items=[SessionPublic.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/sessions/{session_id}", response_model=SessionPublic, responses=errors(404))
def read_session(session_id: UUID, user: CurrentUser, db: SessionDep) -> SessionPublic:
    return SessionPublic.model_validate(service.get_session(db, user, session_id))


@router.patch("/sessions/{session_id}", response_model=SessionPublic, responses={**WRITE, **errors(404)})
def update_session(session_id: UUID, update: SessionUpdate, user: CurrentUser, db: SessionDep) -> SessionPublic:
    return SessionPublic.model_validate(service.update_session(db, user, session_id, update))


@router.delete("/sessions/{session_id}", status_code=204, responses=errors(403, 404))
def delete_session(session_id: UUID, user: CurrentUser, db: SessionDep) -> None:
    """Delete a session and every set in it."""
    service.delete_session(db, user, session_id)


@router.post(
    "/sessions/{session_id}/sets",
    response_model=SetPublic,
    status_code=201,
    responses={**REPLAYED_RESPONSE, **WRITE, **errors(404, 409)},
)
def create_set(session_id: UUID, entry: SetCreate, user: CurrentUser, db: SessionDep, response: Response) -> SetPublic:
    """Log a set (client-made UUID; replaying it returns the stored one)."""
    row, created = service.create_set(db, user, session_id, entry)
    answer_replay_with_200(response, created)
    return SetPublic.model_validate(row)


@router.patch("/sets/{set_id}", response_model=SetPublic, responses={**WRITE, **errors(404)})
def update_set(set_id: UUID, update: SetUpdate, user: CurrentUser, db: SessionDep) -> SetPublic:
    return SetPublic.model_validate(service.update_set(db, user, set_id, update))


@router.delete("/sets/{set_id}", status_code=204, responses=errors(403, 404))
def delete_set(set_id: UUID, user: CurrentUser, db: SessionDep) -> None:
    service.delete_set(db, user, set_id)
