"""A clinician's changes (clinic mode): a stage set by hand, settings changed. Each applies
from the next day the engine walks and is recorded as a decision dated the day it was made."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from heelstrong.catalogue.loader import Catalogue
from heelstrong.progression.engine.data import Decision, State
from heelstrong.progression.engine.ladder import stage_words, start_of_stage
from heelstrong.progression.engine.messages import Kind, RuleId, Track, say
from heelstrong.progression.engine.words import day_words


def _counts_from(first_day: date, today: date) -> str:
    """When a change made today counts from a day already past: yesterday's session, not yet
    judged because this morning's check-in was not in, is judged by it."""
    return say(RuleId.CLINICIAN_SETTINGS, "part", day=day_words(first_day)) if first_day < today else ""


def clinician_moves_stage(
    state: State, catalogue: Catalogue, stage: int, first_day: date, today: date, who: str
) -> tuple[State, Decision]:
    """The patient's clinician puts them on ``stage`` at its starting dose from ``first_day``
    (the next day the engine walks); the ladder goes on from there by the usual rules. The
    decision is dated ``today``, when the clinician made it."""
    moved = replace(start_of_stage(state, catalogue, stage, first_day), step_clock_since=first_day)
    message = say(RuleId.CLINICIAN_STAGE, "clinician", by=who, stage=stage_words(moved, catalogue),
                  counts_from=_counts_from(first_day, today))
    reasons = {"from_stage": state.calf_stage, "to_stage": stage, "by": who, "from": first_day.isoformat()}
    return moved, Decision(today, Track.CALF, Kind.CLINICIAN, RuleId.CLINICIAN_STAGE, message, reasons)


def clinician_changed_settings(first_day: date, today: date, changes: Sequence[str], who: str) -> Decision:
    """A decision recording what the clinician changed today (each change already in words, e.g.
    "pain limit during exercise from 5/10 to 4/10"), applied from ``first_day``, the next day
    the engine walks."""
    message = say(RuleId.CLINICIAN_SETTINGS, "clinician", by=who, changes="; ".join(changes),
                  counts_from=_counts_from(first_day, today))
    reasons = {"changes": list(changes), "by": who, "from": first_day.isoformat()}
    return Decision(today, Track.PLAN, Kind.CLINICIAN, RuleId.CLINICIAN_SETTINGS, message, reasons)
