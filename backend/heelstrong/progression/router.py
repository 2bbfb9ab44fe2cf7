from typing import Annotated

from fastapi import APIRouter, Path, Response

from heelstrong.catalogue.loader import IsometricRule, RepsRule
from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.fields import MAX_ROW_ID
from heelstrong.core.idempotency import REPLAYED_RESPONSE, answer_replay_with_200
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.measures.models import HeelRiseTestCreate, HeelRiseTestPublic
from heelstrong.measures.service import heel_rise_public
from heelstrong.progression import measures, service
from heelstrong.progression.models import (
    DecisionPublic,
    MeasuresPublic,
    ProgramChoice,
    ProgramPublic,
    ProgressionPublic,
    StagePoint,
    ThresholdFields,
    ThresholdsUpdate,
    TodayPublic,
)
from heelstrong.progression.today import today_json

router = APIRouter(prefix="/api", tags=["progression"], route_class=OneHopRoute, responses=SIGNED_IN)


@router.get("/today", response_model=TodayPublic, responses=errors(409))
def today(user: CurrentUser, db: SessionDep) -> Response:
    """Today's plan: exercises, sides, doses, tempo and load, each with the reason for it. Read
    from the stored answer when nothing it depends on changed since (progression/today.py)."""
    return Response(today_json(db, user), media_type="application/json")


@router.get("/programs", response_model=list[ProgramPublic], responses=errors(409))
def programs(user: CurrentUser, db: SessionDep) -> list[ProgramPublic]:
    """The programs (PROTOCOL.md 7): what each asks of the patient, whether it fits their condition
    and what they have at home (and why not), and which one they follow."""
    return service.programs_for(db, user)


@router.put("/program", response_model=list[ProgramPublic], responses={**WRITE, **errors(403, 409)})
def choose_program(choice: ProgramChoice, user: CurrentUser, db: SessionDep) -> list[ProgramPublic]:
    """Follow another program from the next day the plan is walked (a linked patient's clinician
    sets it instead). Answers the programs as they now stand."""
    service.set_program(db, user, choice)
    return service.programs_for(db, user)


@router.get("/progression", response_model=ProgressionPublic, responses=errors(409))
def progression(user: CurrentUser, db: SessionDep) -> ProgressionPublic:
    """Where the patient is on each track, and every decision so far with its reasons (newest first)."""
    result, _recent = service.evaluate(db, user)
    state = result.state
    rule = service.catalogue_for(db, user).stages[state.calf_stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        dose = {"sets": state.hold_sets, "hold_seconds": state.hold_seconds, "times_per_day": rule.times_per_day}
    elif isinstance(rule, RepsRule):
        dose = {"sets": state.rep_sets, "load_kg": state.calf_load_kg, "lowering_seconds": rule.lowering_seconds,
                "to_fatigue": True}
    else:  # a program's fixed prescription or RM schedule: its items on Today say each exercise's dose
        dose = {"sets": state.rep_sets, "load_kg": state.calf_load_kg, "loads_kg": dict(state.loads),
                "to_fatigue": False}
    decisions = service.decision_history(db, user)
    timeline = [
        StagePoint(local_date=d.local_date, calf_stage=d.reasons["to_stage"])
        for d in reversed(decisions)
        if "to_stage" in d.reasons
    ]
    return ProgressionPublic(
        calf_stage=state.calf_stage,
        stage_name=result.plan.stage_name,
        evaluated_through=state.evaluated_through,
        dose=dose | {"hip_resistance_steps": dict(state.hip_levels)},
        stage_timeline=timeline,
        decisions=[DecisionPublic.model_validate(d) for d in decisions],
    )


@router.post("/decisions/{decision_id}/acknowledge", response_model=DecisionPublic, responses=errors(403, 404))
def acknowledge_referral(
    decision_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], user: CurrentUser, db: SessionDep
) -> DecisionPublic:
    """The patient has read a referral prompt: it leaves the top of Today, and stays on record."""
    return DecisionPublic.model_validate(service.acknowledge(db, user, decision_id))


@router.get("/profile/thresholds", response_model=ThresholdFields)
def read_thresholds(user: CurrentUser, db: SessionDep) -> ThresholdFields:
    return ThresholdFields.model_validate(service.thresholds_for(db, user))


@router.put("/profile/thresholds", response_model=ThresholdFields, responses=WRITE)
def update_thresholds(update: ThresholdsUpdate, user: CurrentUser, db: SessionDep) -> ThresholdFields:
    """Per-patient overrides of the pain rules and progression thresholds (send every field)."""
    return ThresholdFields.model_validate(service.save_thresholds(db, user, update))


@router.get("/measures", response_model=MeasuresPublic, responses=errors(409), tags=["measures"])
def read_measures(user: CurrentUser, db: SessionDep) -> MeasuresPublic:
    """The heel-rise tests, questionnaires and activities, each with its change in words, and
    whether the test is due and may be done today (and if not, why and from when)."""
    return measures.measures_for(db, user)


@router.post("/measures/heel-rise", response_model=HeelRiseTestPublic, status_code=201, tags=["measures"],
             responses={**REPLAYED_RESPONSE, **WRITE, **errors(409)})
def record_heel_rise(entry: HeelRiseTestCreate, user: CurrentUser, db: SessionDep,
                     response: Response) -> HeelRiseTestPublic:
    """A heel-rise test, both sides in the order tested. Refused (422, saying why and when) on a day
    the test is not offered: a flare-up, 48 hours after a flagged session, a morning of 6/10 or more."""
    test, created = measures.record_heel_rise(db, user, entry)
    answer_replay_with_200(response, created)
    return heel_rise_public(test)
