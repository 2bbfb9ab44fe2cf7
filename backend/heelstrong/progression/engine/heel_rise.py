"""The heel-rise test (PROTOCOL.md 6): when it is due (week 1, every 4 weeks, or a program's
criterion waiting on it), when it is not safe to do (a flare-up, 48 hours after a flagged
session, a morning of 6/10 or more: it says why and when), a program's criterion, and the
symmetry goal reached with calm mornings."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from heelstrong.catalogue.instruments import HeelRiseRules
from heelstrong.catalogue.loader import Catalogue
from heelstrong.measures.reading import Rises
from heelstrong.progression.engine.data import ONE_DAY, WEEK, Session, State
from heelstrong.progression.engine.ladder import stage_name
from heelstrong.progression.engine.messages import RuleId, say
from heelstrong.progression.engine.words import day_words


@dataclass(frozen=True)
class Offer:
    due: bool  # the schedule asks for a test
    offered: bool  # it may be done today
    why_due: str | None
    not_now: str | None  # why not today, and from when
    from_date: date | None
    next_due: date | None  # when the schedule asks next (not due now)


def flagged_times(sessions: Iterable[Session], pain_limit: int, at: time) -> list[datetime]:
    """Sessions with a set past the pain rules (pain above the limit, or not settled), as done at
    ``at`` on their day: for simulated patients, whose sets carry no time."""
    return [datetime.combine(s.local_date, at) for s in sessions
            if any(x.pain_during > pain_limit or x.settled is False for x in s.sets)]


def stage_criterion(catalogue: Catalogue, state: State) -> tuple[int | None, str]:
    """The heel rises the patient's stage asks for to move on (None: none), and the next stage's
    name. ``catalogue``: the patient's (their program and condition)."""
    stage = min(state.calf_stage, len(catalogue.stages))
    needed = catalogue.stages[stage - 1].move_on_at_heel_rises
    if needed is None or stage == len(catalogue.stages):
        return None, ""
    return needed, stage_name(catalogue, stage + 1)


def _why_due(today: date, program_start: date, tests: Sequence[Rises], rules: HeelRiseRules,
             needed: int | None, stage: str) -> tuple[str | None, date]:
    """Why a test is due today (None: not due) and when the schedule asks next."""
    if not tests:
        key = "notice:first_week" if (today - program_start).days < 7 else "notice:first"
        return (say(RuleId.HEEL_RISE_TEST, key), today) if today >= program_start else (None, program_start)
    last = tests[-1]
    every = last.local_date + timedelta(days=rules.every_days)
    retest = last.local_date + timedelta(days=rules.retest_for_criterion_days)
    if needed is not None and last.painful_count < needed and today >= retest:
        return say(RuleId.HEEL_RISE_TEST, "notice:criterion", stage=stage, needed=needed,
                   count=last.painful_count), today
    if today >= every:
        return say(RuleId.HEEL_RISE_TEST, "notice:every", weeks=rules.every_days // 7,
                   last=day_words(last.local_date)), today
    return None, min(every, retest) if needed is not None and last.painful_count < needed else every


def heel_rise_offer(now: datetime, program_start: date, tests: Sequence[Rises], rules: HeelRiseRules,
                    flare_days: Sequence[date], flagged: Sequence[datetime], morning_pain: int | None,
                    needed: int | None = None, stage: str = "") -> Offer:
    """The offer at ``now`` (the patient's wall clock). ``tests`` oldest first; ``flagged``: when
    sets past the pain rules were done (wall clock); ``needed``: the rises the patient's stage
    asks for to move on."""
    today = now.date()
    why, next_due = _why_due(today, program_start, tests, rules, needed, stage)
    if needed is not None and not tests and why is None and today >= program_start:
        why = say(RuleId.HEEL_RISE_TEST, "notice:criterion_none", stage=stage, needed=needed)
    blocks: list[tuple[date, str]] = []
    flares = [d for d in flare_days if d <= today < d + timedelta(days=rules.days_after_flare)]
    if flares:
        until = max(flares) + timedelta(days=rules.days_after_flare)
        blocks.append((until, say(RuleId.HEEL_RISE_TEST, "part:flare", since=day_words(min(flares)),
                                  from_day=day_words(until))))
    recent = [t for t in flagged if t <= now < t + timedelta(hours=rules.hours_after_flagged)]
    if recent:
        until = max(recent) + timedelta(hours=rules.hours_after_flagged)
        blocks.append((until.date(), say(RuleId.HEEL_RISE_TEST, "part:flagged", since=day_words(max(recent).date()),
                                         from_day=day_words(until.date()), at=f"{until:%H:%M}")))
    if morning_pain is not None and morning_pain >= rules.not_from_morning_pain:
        blocks.append((today + ONE_DAY, say(RuleId.HEEL_RISE_TEST, "part:morning", pain=morning_pain,
                                            limit=rules.not_from_morning_pain)))
    until, not_now = max(blocks) if blocks else (None, None)
    return Offer(due=why is not None, offered=not blocks, why_due=why, not_now=not_now, from_date=until,
                 next_due=None if why else next_due)


# Mornings are called calm only when the week has this many check-ins to tell.
CALM_WEEK_CHECKINS = 4


def symmetry_goal_reached(state: State, tests: Sequence[Rises], goal: int, today: date,
                          mornings_this_week: int) -> str | None:
    """The painful side at the clinician's symmetry goal with calm mornings (checked in on most of
    the last 7 days, no flare-up among them, the week's mornings not worse): said plainly, as
    what it means, not a decision."""
    if not tests or tests[-1].symmetry is None or tests[-1].symmetry < goal:
        return None
    if mornings_this_week < CALM_WEEK_CHECKINS or state.worse_weeks \
            or any(today - WEEK < day <= today for day in state.flare_days):
        return None
    last = tests[-1]
    return say(RuleId.SYMMETRY_GOAL, "notice", count=last.painful_count, symmetry=last.symmetry, other=last.other,
               goal=goal)
