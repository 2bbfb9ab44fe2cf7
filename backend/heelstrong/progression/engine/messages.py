"""Every sentence the engine says, in one table keyed by the rule behind it.

A rule (PROTOCOL.md; `docs/protocol.md` has each one's source, setting, code and test) has a
name a clinician reads in the PDF, the CSV, FHIR and the glance, and what the patient reads for
each kind of decision it makes. What today's plan shows (a notice, the reason under an exercise)
and the pieces a sentence is put together from are keys of the same table: `notice`, `why` and
`part:...`; `kind:variant` is a second wording of a kind. Templates are filled in with the
decision's reasons (its numbers) and the words the rule works out (a dose, a stage, a list).
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Track(StrEnum):
    CALF = "calf"
    HIP = "hip"
    SAFETY = "safety"
    PLAN = "plan"


class Kind(StrEnum):
    PROGRESS = "progress"
    DOSE_UP = "dose_up"
    DOSE_BACK = "dose_back"
    STAGE_BACK = "stage_back"
    HOLD = "hold"
    FLAG = "flag"
    REFER = "refer"
    RE_ENTRY = "re_entry"
    RESISTANCE_UP = "resistance_up"
    RESISTANCE_BACK = "resistance_back"
    TREND = "trend"
    CLINICIAN = "clinician"
    PROGRAM = "program"


class RuleId(StrEnum):
    # section 1: pain rules
    PAIN_DURING_LIMIT = "pain_during_limit"
    PAIN_SETTLES = "pain_settles"
    NEXT_MORNING = "next_morning"
    FLAGGED_SESSION = "flagged_session"
    TWO_FLAGGED = "two_flagged"
    MORNING_FLARE = "morning_flare"
    # section 2: the ladder, building up and moving on
    START_POINT = "start_point"
    BOTH_CALVES = "both_calves"
    BUILD_HOLDS = "build_holds"
    BUILD_SETS = "build_sets"
    FULL_DOSE = "full_dose"
    SETTLE_NOT_ANSWERED = "settle_not_answered"
    TOLERATED_IN_A_ROW = "tolerated_in_a_row"
    REPS_OVER = "reps_over"
    PROGRESS_STAGE = "progress_stage"
    ADD_LOAD = "add_load"
    RM_TARGET = "rm_target"
    RM_SHORT = "rm_short"
    CATCH_UP = "catch_up"
    SUPPORTED_HOLDS = "supported_holds"
    STANDING_AGAIN = "standing_again"
    HIGH_START = "high_start"
    HIGH_MORNING = "high_morning"
    PAIN_FREE_LOAD = "pain_free_load"
    NO_EQUIPMENT = "no_equipment"
    # section 2a: pacing
    LEAST_DAYS = "least_days"
    LOAD_PACING = "load_pacing"
    REST_BETWEEN = "rest_between"
    LOAD_NOT_LOGGED = "load_not_logged"
    MAX_LOAD = "max_load"
    NO_WEIGHTS = "no_weights"
    # section 2b: mornings over time
    WORSE_WEEK = "worse_week"
    # section 2c and 5: hand-over
    SEE_CLINICIAN = "see_clinician"
    THREE_FLARES = "three_flares"
    FLOOR_FLAGS = "floor_flags"
    WORSE_WEEKS = "worse_weeks"
    NO_STEP_UP = "no_step_up"
    RED_FLAG = "red_flag"
    # section 3: hip and glute track
    HIP_PAIN = "hip_pain"
    HIP_SEVERE = "hip_severe"
    HIP_HARD = "hip_hard"
    HIP_EASY = "hip_easy"
    # clinic mode: the patient's clinician
    CLINICIAN_SETTINGS = "clinician_settings"
    CLINICIAN_STAGE = "clinician_stage"
    SWITCHED_OFF = "switched_off"
    # section 7: programs
    PROGRAM_CHANGE = "program_change"
    CONDITION_CHANGE = "condition_change"
    # section 6: measures
    HEEL_RISE_TEST = "heel_rise_test"
    HEEL_RISE_CRITERION = "heel_rise_criterion"
    SYMMETRY_GOAL = "symmetry_goal"


@dataclass(frozen=True)
class Wording:
    name: str  # the rule in a clinician's words; {pain_limit} is the patient's own limit
    says: dict[str, str]  # what the patient reads, by decision kind (or notice, why, part:...)
    names: dict[str, str] = field(default_factory=dict)  # a name for a kind that means something else


_TOO_MUCH = "Too much this time: {why}."
_WAIT = ("Ready for {what}, but tendons adapt over weeks: {least_days} days at each step, so {days_left} at this "
         "dose first.")
_REST_DAYS = "Raises to fatigue {limits}: the tendon rebuilds on the days between."

MESSAGES: dict[RuleId, Wording] = {
    RuleId.PAIN_DURING_LIMIT: Wording("Pain above {pain_limit}/10 during exercise", {
        "flag": _TOO_MUCH,
        "part": "pain went above {pain_limit}/10",
    }),
    RuleId.PAIN_SETTLES: Wording("Pain did not settle within minutes", {
        "flag": _TOO_MUCH,
        "part": "pain did not settle within a few minutes",
    }),
    RuleId.NEXT_MORNING: Wording("Flare the next morning", {
        "flag": _TOO_MUCH,
        "part": "the next morning flared up",
        "hold": "No check-in the morning after, so the session can't count towards moving on: same dose again.",
    }, names={"hold": "No check-in the next morning: the session can't count"}),
    RuleId.FLAGGED_SESSION: Wording("Flagged session: dose one step back", {
        "dose_back": "{why}, so you stay on stage {stage} with the dose one step back: {dose}.",
        "dose_back:floor": "{why}, so you stay on stage {stage} at the lowest dose: {dose}.",
    }),
    RuleId.TWO_FLAGGED: Wording("Two flagged sessions in a row: a stage back", {
        "stage_back": "Two sessions in a row were too much: back to {stage}.",
    }),
    RuleId.MORNING_FLARE: Wording("Morning flare-up", {
        "stage_back": "{signals}: back to {stage}.",
        "dose_back": "{signals}: the holds step back to {dose}.",
        "dose_back:floor": "{signals}: the holds stay at the lowest dose, {dose}.",
        "dose_back:sets": "{signals}: the sets step back to {dose}.",
        "dose_back:loads": "{signals}: every exercise's load steps back a step.",
        "notice": "{signals}, so today is lighter. See a clinician rather than waiting if you notice {red_flags}.",
        "part:ceiling": "morning pain {morning_pain}/10 is up from the days before ({days_before_median:g}), and "
                        "{morning_ceiling} or more is too high",
        "part:flare": "morning pain {morning_pain}/10 is above your usual {baseline_median:g}",
        "part:stiffness": "stiffness lasted {stiffness_minutes} min, well over your usual {stiffness_median:g}",
    }),
    RuleId.START_POINT: Wording("Starting point", {
        "why": "Stage {stage}, {stage_name}: the starting point. Pain up to {pain_limit}/10 during is fine if it "
               "settles within {settle_minutes} minutes.",
    }),
    RuleId.BOTH_CALVES: Wording("One painful side: the other calf does the same", {
        "why": "Start with your {painful} leg, then do the same on your {other} leg, to keep both sides even.",
        "why:to_fatigue": "Start with your {painful} leg, then do the same number of sets on your {other} leg, each "
                          "with as many reps as the {painful} leg managed, to keep both sides even.",
    }),
    RuleId.BUILD_HOLDS: Wording("Holds built up", {
        "dose_up": "Tolerated {holds_prescribed} x {hold_seconds} s (pain at most {max_pain_during}/10, settled): "
                   "next time {dose}.",
    }),
    RuleId.BUILD_SETS: Wording("Sets built back up", {"dose_up": "All sets tolerated: back up to {sets} sets."}),
    RuleId.FULL_DOSE: Wording("Full dose not done yet", {
        "hold": "{holds_done} of {holds_prescribed} holds of {hold_seconds} s done: same dose until the full set "
                "is done.",
        "hold:sets": "{sets_done_in_full} of {sets_prescribed} sets done in full: same dose until every set is done.",
    }),
    RuleId.SETTLE_NOT_ANSWERED: Wording("Settle question not answered: the session can't count", {
        "hold": "Whether the pain settled wasn't answered for {sets}, so the session can't count towards moving "
                "on: same dose again.",
        "hold:hip": "{exercise} felt easy, but whether the pain settled wasn't answered for {sets}: this session "
                    "can't count towards more resistance.",
    }),
    RuleId.TOLERATED_IN_A_ROW: Wording("Tolerated: once more before the next step", {
        "hold": "{summary} ({tolerated_in_a_row} of {needed_in_a_row} in a row): same dose once more.",
        "part": "{achievement} done, pain at most {max_pain_during}/10, settled, morning steady",
        "part:holds": "{sets} x {seconds} s",
        "part:best": "a set of {best_set_reps} reps",
        "part:best_load": "a set of {best_set_reps} reps with {load_kg:g} kg",
        "part:rm": "every set {reps_needed} reps or more with {load_kg:g} kg",
        "part:sets": "every set of {dose}",
    }),
    RuleId.REPS_OVER: Wording("Not yet past the rep target", {
        "hold": "Best set {best_set_reps} reps: keep going, as many as you can with good form, until a set passes "
                "{progress_reps_over}.",
    }),
    RuleId.PROGRESS_STAGE: Wording("Next stage", {
        "progress": "Moving to {stage}: {summary} on {needed_in_a_row} sessions in a row.",
        "progress:later": "Moving to {stage}: {summary} on {needed_in_a_row} sessions in a row. The first session of "
                          "it is on {first_day}; the days before it are holds.",
        "progress:later_rest": "Moving to {stage}: {summary} on {needed_in_a_row} sessions in a row. The first "
                               "session of it is on {first_day}; the calves rest until then.",
    }),
    RuleId.ADD_LOAD: Wording("Load added", {
        "progress:exercise": "{exercise}: every set {fewest_reps} reps or more with {load_kg:g} kg, {pass_by} past "
                             "the {rm_target} it aims for, so next time {next_kg:g} kg.",
        "progress": "Adding {load_step_kg:g} kg, now {dose}: {summary} on {needed_in_a_row} sessions in a row.",
    }),
    RuleId.RM_TARGET: Wording("With load: not every set at the rep target yet", {
        "hold": "Fewest reps in a set: {fewest_reps} with {load_kg:g} kg. Same load until every set reaches "
                "{reps_needed}.",
        "hold:exercise": "{exercise}: fewest reps in a set {fewest_reps} with {load_kg:g} kg. The same load next "
                         "time, until {sets_needed} sets each reach {reps_needed}.",
        "hold:flare": "{exercise}: every set {fewest_reps} reps or more with {load_kg:g} kg, but after this week's "
                      "flare-up the load stays for now.",
    }),
    RuleId.RM_SHORT: Wording("With load: a set well short of the rep target, load off", {
        "dose_back:exercise": "{exercise}: a set of {fewest_reps} reps with {load_kg:g} kg is {short} short of the "
                              "{rm_target} it should allow, so next time {next_kg:g} kg.",
        "dose_back": "A set of {fewest_reps} reps with {load_kg:g} kg is {short} short of the {rm_target} it should "
                     "allow: the load is too heavy for now, so next time {dose}.",
    }),
    RuleId.SUPPORTED_HOLDS: Wording("Holds too painful at the lowest dose: done seated", {
        "dose_back": "Standing holds hurt too much even at the lowest dose, so until that settles they are done "
                     "sitting down, which takes your body weight off the tendon: {exercise}, {dose}.",
    }),
    RuleId.STANDING_AGAIN: Wording("Seated holds tolerated: standing again", {
        "progress": "Seated holds of {holds_prescribed} x {hold_seconds} s tolerated (pain at most "
                    "{max_pain_during}/10, settled): back to standing holds, at {dose}.",
    }),
    RuleId.CATCH_UP: Wording("Back after time away: dose stepped back", {
        "re_entry": "Welcome back: {weeks} away, so the dose steps back {steps} ({before} -> {dose}).",
        "notice": "{weeks} since your last calf session: today's dose is stepped back to {dose}.",
    }),
    RuleId.HIGH_START: Wording("High morning pain from the start: holds begin lighter", {
        "dose_back": "First-steps pain {morning_pain}/10 from the start: the holds begin lighter, at {dose}, and "
                     "build up as mornings allow.",
        "refer": "Your first-steps pain is {morning_pain}/10 from the start: the heel should be checked before the "
                 "exercises get harder.",
    }),
    RuleId.PAIN_FREE_LOAD: Wording("Load is added once a session is pain-free", {
        "hold": "Every set done, with pain up to {max_pain_during}/10: weight is added once a whole session is "
                "pain-free. Same dose next time.",
    }),
    RuleId.HIGH_MORNING: Wording("Morning pain too high to build on", {
        "hold": "First-steps pain was {next_morning_pain}/10 the next morning, too high to build on: same dose "
                "again until mornings ease.",
    }),
    RuleId.NO_EQUIPMENT: Wording("Needs equipment the patient doesn't have", {
        "why": "It needs {missing}, which you said you don't have: skip it until you do, or ask your clinician "
               "for another way.",
    }),
    RuleId.LEAST_DAYS: Wording("Ready, but a week on each stage first", {"hold": _WAIT}),
    RuleId.LOAD_PACING: Wording("Ready, but a week between load steps", {"hold": _WAIT}),
    RuleId.REST_BETWEEN: Wording("Raises too soon after the last ones", {
        "hold": "Raises to fatigue came too soon after the last ones (the tendon needs {rest_days} between, at most "
                "{max_per_week} a week): this session doesn't count towards moving on.",
        "notice": f"{_REST_DAYS} Today is a rest day for the calves.",
        "why": f"{_REST_DAYS} Today: holds instead. They ease pain and keep the calf working without tiring the "
               "tendon.",
        "part:days": "on {days}",
    }),
    RuleId.LOAD_NOT_LOGGED: Wording("Sets logged without the prescribed load", {
        "hold": "Sets logged without the {load_kg:g} kg you carry now: they count towards the next step once they "
                "are done with it.",
    }),
    RuleId.MAX_LOAD: Wording("At the clinician's maximum load", {
        "hold:exercise": "{exercise}: ready for {load_step_kg:g} kg more, but that would pass the {max_load_kg:g} kg "
                         "your clinician set, so the load stays.",
        "hold": "{summary}; another {load_step_kg:g} kg would pass the {max_load_kg:g} kg your clinician set, so "
                "the load stays.",
    }),
    RuleId.NO_WEIGHTS: Wording("Ready for load, but no weights at home", {
        "hold": "{summary}: ready for {load_step_kg:g} kg more, but you said you have no {equipment}. Keep going to "
                "fatigue; a backpack with a few books or water bottles will do, then tick it in Profile.",
    }),
    RuleId.WORSE_WEEK: Wording("Mornings worse this week", {
        "trend": "Week {week}: {trend}. No step up while mornings stay worse.",
        "dose_back": "Mornings were worse this week, so the calf dose steps back to {dose} until they settle.",
        "hold": "{trend}: no step up until they settle; same dose again.",
        "notice": "{trend}: no step up until they settle.",
        "part": "mornings over the last 7 days (typically {week_median:g}/10) are worse than {compared}",
        "part:last_week": "last week's ({last_week_median:g}/10)",
        "part:start": "when you started ({start_median:g}/10)",
    }),
    # How every referral prompt ends, and what Today says once over all the open ones.
    RuleId.SEE_CLINICIAN: Wording("Hand-over to a clinician", {
        "part": "Time to see a physiotherapist or doctor (your own clinician, if you have one).",
        "title": "Time to see a clinician",
        "meanwhile": "Until then, keep to Today's plan and its pain rules: stop any exercise that takes your pain "
                     "above your limit or doesn't settle within minutes.",
    }),
    RuleId.THREE_FLARES: Wording("Three flare-ups in 7 days", {"refer": "{flares_in_7_days} flare-ups in 7 days."}),
    RuleId.FLOOR_FLAGS: Wording("Flagged sessions at the lowest dose", {
        "refer": "{sessions} in 7 days were too much at the lowest dose.",
    }),
    RuleId.WORSE_WEEKS: Wording("Mornings worse two weeks running", {
        "refer": "Mornings worse {worse_weeks_in_a_row} weeks in a row.",
    }),
    RuleId.NO_STEP_UP: Wording("No step up in 6 weeks", {
        "refer": "No step up the calf ladder in {weeks_without_step} weeks (still {stage}).",
    }),
    RuleId.RED_FLAG: Wording("Red flag reported", {
        "refer": "You reported a sign that needs a clinician rather than an app. Rest the calf exercises until a "
                 "clinician has seen it.",
        "notice": "No calf exercises today: you reported a sign that needs a clinician. See one first.",
    }),
    RuleId.HIP_PAIN: Wording("Hip exercise painful", {
        "flag": "{exercise} was too much: {why}, so {change}. Your calf plan is not affected.",
        "part:lighter": "one resistance step lighter next time",
        "part:same": "same resistance next time",
    }),
    RuleId.HIP_SEVERE: Wording("Hip exercise: pain above the limit that did not settle, paused", {
        "flag": "{exercise}: pain of {max_pain_during}/10 that did not settle. It is paused until {until}, then "
                "starts again lighter. Your calf plan is not affected.",
        "refer": "Pain of up to {max_pain_during}/10 from the {exercises} did not settle. If it is still there this "
                 "morning, or you notice any of the warning signs, it needs checking.",
        "notice": "Paused after pain that did not settle: {exercise}, until {until}.",
    }),
    RuleId.HIP_HARD: Wording("Hip exercise too hard", {
        "resistance_back": "{exercise} felt too hard: one resistance step lighter next time.",
    }),
    RuleId.HIP_EASY: Wording("Hip exercise easy", {
        "hold": "{exercise} felt easy on every set ({run} of {needed} sessions in a row): same resistance once "
                "more.",
        "resistance_up": "{exercise} felt easy on every set, {needed} sessions in a row: next time {step}.",
        "part:harder": "move on to the {harder}",
        "part:stronger": "use a stronger band or more weight",
    }),
    RuleId.CLINICIAN_SETTINGS: Wording("Settings changed by the clinician", {
        "clinician": "Changed by your clinician, {by}: {changes}.{counts_from}",
        "part": " It counts from {day}: sessions from then on are judged by it.",
    }),
    RuleId.CLINICIAN_STAGE: Wording("Stage set by the clinician", {
        "clinician": "Changed by your clinician, {by}: {stage}.{counts_from}",
    }),
    RuleId.PROGRAM_CHANGE: Wording("Program changed", {
        "program": "Now following {program}: from {stage}, the nearest to what you could already do. The pain "
                   "rules stay the same.",
    }),
    RuleId.CONDITION_CHANGE: Wording("Condition changed", {
        "program": "Your heel pain is now recorded as {condition}: {changes}.",
        "program:same": "Your heel pain is now recorded as {condition}: your plan stays as it is.",
        "part:form": "the {before} becomes the {after}",
        "part:added": "the {exercise} joins the morning routine",
        "part:removed": "the {exercise} leaves the morning routine",
    }),
    RuleId.SWITCHED_OFF: Wording("Exercise switched off by the clinician", {
        "notice": "Switched off by your clinician: {exercise}. {reason}.",
    }),
    RuleId.HEEL_RISE_TEST: Wording("Heel-rise test offered when due and safe", {
        "notice:first_week": "Week 1: the first test shows where you start, and the other side what normal is.",
        "notice:first": "No heel-rise test yet: the first one shows where you start.",
        "notice:every": "It has been {weeks} weeks since the last test ({last}): time to see what changed.",
        "notice:criterion": "{stage} needs {needed} single-leg heel rises on the painful side; the last test "
                            "counted {count}. A week on, it is worth trying again.",
        "notice:criterion_none": "{stage} needs {needed} single-leg heel rises on the painful side: the test "
                                 "shows whether you are there.",
        "part:flare": "Not during a flare-up (mornings up since {since}): offered again from {from_day}.",
        "part:flagged": "Not within 48 hours of a session that broke the pain rules ({since}): offered again from "
                        "{from_day} at {at}.",
        "part:morning": "Not on a morning of {limit}/10 or more (today's was {pain}/10): offered again tomorrow, if "
                        "that morning is under {limit}/10.",
    }),
    RuleId.HEEL_RISE_CRITERION: Wording("Heel-rise result needed to move on", {
        "hold": "Ready for {stage} by the pain rules, but it needs {needed} single-leg heel rises on the painful "
                "side and the last test ({tested}) counted {count}: same dose until a test reaches it (Today offers "
                "one a week after the last).",
        "hold:none": "Ready for {stage} by the pain rules, but it needs {needed} single-leg heel rises on the "
                     "painful side: do the heel-rise test (Today offers it) to move on.",
    }),
    RuleId.SYMMETRY_GOAL: Wording("Heel-rise symmetry goal reached", {
        "notice": "Your painful side did {count} heel rises, {symmetry}% of the other side's {other}: past the "
                  "{goal}% goal, with calm mornings. Your calf's endurance is close to the other side's, the level "
                  "trials looked for before running and jumping again. Keep the program going, and ask your "
                  "clinician what comes next.",
    }),
}


def say(rule: RuleId, key: str, **values) -> str:
    """What the patient reads for ``rule``: the table's ``key`` wording, filled in."""
    return MESSAGES[rule].says[key].format(**values)


def rule_name(rule: str, kind: str | None = None, reasons: dict | None = None) -> str:
    """The rule in a clinician's words, with the patient's own limit when the decision recorded
    it; an id this table doesn't know (an older engine's) reads as itself."""
    wording = MESSAGES.get(rule)  # type: ignore[call-overload]  # a stored id is a plain string
    if wording is None:
        return rule.replace("_", " ").capitalize()
    name = wording.names.get(kind or "", wording.name)
    limit = (reasons or {}).get("pain_limit")
    return name.replace("{pain_limit}/10", f"{limit}/10" if limit is not None else "the limit")
