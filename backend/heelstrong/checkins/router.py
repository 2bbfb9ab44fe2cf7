from fastapi import APIRouter, Response, status

from heelstrong.checkins import service
from heelstrong.checkins.models import CheckInCreate, CheckInPublic
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.errors import unprocessable
from heelstrong.core.fields import RangeFrom, RangeTo
from heelstrong.core.idempotency import answer_replay_with_200
from heelstrong.core.responses import SIGNED_IN, WRITE, errors

router = APIRouter(prefix="/api/checkins", tags=["check-ins"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.post(
    "",
    response_model=CheckInPublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Replayed id, or that date's check-in updated"}, **WRITE, **errors(409)},
)
def record_checkin(entry: CheckInCreate, user: CurrentUser, db: SessionDep, response: Response) -> CheckInPublic:
    """Record the morning check-in for a date (one per date; posting the same date again updates it)."""
    checkin, created = service.record_checkin(db, user, entry)
    answer_replay_with_200(response, created)
    return CheckInPublic.model_validate(checkin)


@router.get("", response_model=list[CheckInPublic])
def list_checkins(
    user: CurrentUser,
    db: SessionDep,
    start: RangeFrom = None,
    end: RangeTo = None,
) -> list[CheckInPublic]:
    """Check-ins in a date range (inclusive), newest first."""
    if start and end and start > end:
        raise unprocessable("'from' must not be after 'to'")
    return [CheckInPublic.model_validate(row) for row in service.list_checkins(db, user, start, end)]
