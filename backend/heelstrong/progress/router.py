from fastapi import APIRouter, Response

from heelstrong.accounts.models import Profile
from heelstrong.accounts.service import patient_today
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.fields import RangeFrom, RangeTo
from heelstrong.core.responses import SIGNED_IN
from heelstrong.progress import service
from heelstrong.progress.models import ProgressPublic
from heelstrong.progression.service import pain_limit_for
from heelstrong.progression.today import today_json

router = APIRouter(prefix="/api", tags=["progress"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.get("/progress", response_model=ProgressPublic)
def progress(
    user: CurrentUser,
    db: SessionDep,
    start: RangeFrom = None,
    end: RangeTo = None,
) -> Response:
    """Chart series: daily morning and exercise pain, the calf stage line, weekly adherence and volume."""
    start, end = service.default_range(db, user, start, end)
    if db.get(Profile, user.id) is not None:
        # The stage line is read from the decisions: bring them up to date first (nothing to do
        # when today's stored answer is current, as it was computed with them up to date).
        today_json(db, user)
    chart = service.progress(db, user, start, end, patient_today(db, user), pain_limit_for(db, user) + 1)
    # Sent as it is: it was validated as it was made, and FastAPI's dump, check and dump again
    # of a year's points took 2.1 ms against 0.3 ms for this.
    return Response(chart.model_dump_json(), media_type="application/json")
