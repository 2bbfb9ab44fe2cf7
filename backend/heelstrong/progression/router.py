import dataclasses
from typing import Annotated

from fastapi import APIRouter, Path

from heelstrong.catalogue.loader import IsometricRule, get_catalogue
from heelstrong.core.deps import CurrentUser, SessionDep
from heelstrong.core.fields import MAX_ROW_ID
from heelstrong.progression import service
from heelstrong.progression.engine import RED_FLAGS
from heelstrong.progression.models import (
    DecisionPublic,
    PlanItemPublic,
    ProgressionPublic,
    StagePoint,
    ThresholdFields,
    ThresholdsUpdate,
    TodayPublic,
)

router = APIRouter(prefix="/api", tags=["progression"])


@router.get("/today", response_model=TodayPublic)
def today(user: CurrentUser, db: SessionDep) -> TodayPublic:
    """Today's plan: exercises, sides, doses, tempo and load, each with the reason for it."""
    result, recent = service.evaluate(db, user)
    referrals = service.open_referrals(db, user)
    plan = result.plan
    return TodayPublic(
        today=plan.today,
        calf_stage=plan.calf_stage,
        stage_name=plan.stage_name,
        hip_day=plan.hip_day,
        items=[PlanItemPublic(**dataclasses.asdict(item)) for item in plan.items],
        notices=list(plan.notices),
        referrals=[DecisionPublic.model_validate(d) for d in referrals],
        refer_to_clinician=bool(referrals),
        red_flags=list(RED_FLAGS),
        recent_decisions=[DecisionPublic.model_validate(d) for d in reversed(recent)],
    )


@router.get("/progression", response_model=ProgressionPublic)
def progression(user: CurrentUser, db: SessionDep) -> ProgressionPublic:
    """Where the patient is on each track, and every decision so far with its reasons (newest first)."""
    result, _recent = service.evaluate(db, user)
    state = result.state
    rule = get_catalogue().stages[state.calf_stage - 1].dose_rule
    if isinstance(rule, IsometricRule):
        dose = {"sets": state.hold_sets, "hold_seconds": state.hold_seconds, "times_per_day": rule.times_per_day}
    else:
        dose = {"sets": state.rep_sets, "load_kg": state.calf_load_kg, "lowering_seconds": rule.lowering_seconds,
                "to_fatigue": True}
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


@router.post("/decisions/{decision_id}/acknowledge", response_model=DecisionPublic)
def acknowledge_referral(
    decision_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], user: CurrentUser, db: SessionDep
) -> DecisionPublic:
    """The patient has read a referral prompt: it leaves the top of Today, and stays on record."""
    return DecisionPublic.model_validate(service.acknowledge(db, user, decision_id))


@router.get("/profile/thresholds", response_model=ThresholdFields)
def read_thresholds(user: CurrentUser, db: SessionDep) -> ThresholdFields:
    return ThresholdFields.model_validate(service.thresholds_for(db, user))


@router.put("/profile/thresholds", response_model=ThresholdFields)
def update_thresholds(update: ThresholdsUpdate, user: CurrentUser, db: SessionDep) -> ThresholdFields:
    """Per-patient overrides of the pain rules and progression thresholds (send every field)."""
    return ThresholdFields.model_validate(service.save_thresholds(db, user, update))
