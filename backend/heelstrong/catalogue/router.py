from fastapi import APIRouter

from heelstrong.catalogue.loader import Exercise, get_catalogue
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.responses import SIGNED_IN
from heelstrong.progression.service import pain_limit_for

router = APIRouter(prefix="/api", tags=["catalogue"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.get("/exercises", response_model=list[Exercise])
def list_exercises(user: CurrentUser, db: SessionDep) -> list[Exercise]:
    """Every exercise with its track, stage, default dose, tempo, sides and instructions, with
    cues in the patient's own pain limit."""
    pain_limit = pain_limit_for(db, user)
    return [exercise.for_patient(pain_limit) for exercise in get_catalogue().exercises]
