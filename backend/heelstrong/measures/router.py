import uuid

from fastapi import APIRouter, Response, status

from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.idempotency import REPLAYED_RESPONSE, answer_replay_with_200
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.measures import service
from heelstrong.measures.models import (
    MeasureItemCreate,
    MeasureItemPublic,
    MeasureResponseCreate,
    MeasureResponsePublic,
)

router = APIRouter(prefix="/api/measures", tags=["measures"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.post("/items", response_model=MeasureItemPublic, status_code=status.HTTP_201_CREATED,
             responses={**REPLAYED_RESPONSE, **WRITE, **errors(409)})
def add_item(entry: MeasureItemCreate, user: CurrentUser, db: SessionDep, response: Response) -> MeasureItemPublic:
    """Name an activity the heel limits (PSFS: 3-5 of them). Added, never reworded."""
    item, created = service.add_item(db, user, entry)
    answer_replay_with_200(response, created)
    return MeasureItemPublic.model_validate(item)


@router.post("/responses", response_model=MeasureResponsePublic, status_code=status.HTTP_201_CREATED,
             responses={**REPLAYED_RESPONSE, **WRITE, **errors(409)})
def record_response(entry: MeasureResponseCreate, user: CurrentUser, db: SessionDep,
                    response: Response) -> MeasureResponsePublic:
    """A questionnaire answered: PSFS ratings of every activity, a licensed form's total typed in
    (VISA-A, FFI), or a deployment's own instrument's answers. Scored as the instrument says."""
    row, created = service.record_response(db, user.id, entry)
    answer_replay_with_200(response, created)
    return MeasureResponsePublic.model_validate(row)


@router.delete("/responses/{response_id}", status_code=status.HTTP_204_NO_CONTENT, responses={**WRITE, **errors(404)})
def delete_response(response_id: uuid.UUID, user: CurrentUser, db: SessionDep) -> Response:
    service.delete_response(db, user, response_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/heel-rise/{test_id}", status_code=status.HTTP_204_NO_CONTENT, responses={**WRITE, **errors(404)})
def delete_heel_rise(test_id: uuid.UUID, user: CurrentUser, db: SessionDep) -> Response:
    service.delete_heel_rise(db, user, test_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
