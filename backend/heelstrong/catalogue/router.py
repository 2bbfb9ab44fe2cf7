from fastapi import APIRouter

from heelstrong.catalogue.loader import Exercise, get_catalogue
from heelstrong.core.deps import CurrentUser

router = APIRouter(prefix="/api", tags=["catalogue"])


@router.get("/exercises", response_model=list[Exercise])
def list_exercises(_user: CurrentUser) -> list[Exercise]:
    """Every exercise with its track, stage, default dose, tempo, sides and instructions."""
    return list(get_catalogue().exercises)
