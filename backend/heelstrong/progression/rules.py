"""The engine's rule ids in a clinician's words, for summaries and exports."""

RULE_NAMES = {
    # section 1: pain rules
    "pain_during_limit": "Pain above {pain_limit}/10 during exercise",
    "pain_settles": "Pain did not settle within minutes",
    "next_morning": "Flare the next morning",
    "flagged_session": "Flagged session: dose one step back",
    "two_flagged": "Two flagged sessions in a row: a stage back",
    "morning_flare": "Morning flare-up",
    # section 2: building and moving on
    "build_holds": "Holds built up",
    "build_sets": "Sets built back up",
    "full_dose": "Full dose not done yet",
    "settle_not_answered": "Settle question not answered: the session can't count",
    "tolerated_in_a_row": "Tolerated: once more before the next step",
    "reps_over": "Not yet past the rep target",
    "progress_stage": "Next stage",
    "add_load": "Load added",
    "rm_target": "With load: not every set at the rep target yet",
    "rm_short": "With load: a set well short of the rep target, load off",
    "catch_up": "Back after time away: dose stepped back",
    "high_start": "High morning pain from the start: holds begin lighter",
    "high_morning": "Morning pain too high to build on",
    # section 2a: pacing
    "least_days": "Ready, but a week on each stage first",
    "load_pacing": "Ready, but a week between load steps",
    "rest_between": "Raises too soon after the last ones",
    "load_not_logged": "Sets logged without the prescribed load",
    "max_load": "At the clinician's maximum load",
    "no_weights": "Ready for load, but no weights at home",
    # section 2b: mornings over time
    "worse_week": "Mornings worse this week",
    # section 2c: hand-over
    "three_flares": "Three flare-ups in 7 days",
    "floor_flags": "Flagged sessions at the lowest dose",
    "worse_weeks": "Mornings worse two weeks running",
    "no_step_up": "No step up in 6 weeks",
    "red_flag": "Red flag reported",
    # section 3: hip and glute track
    "hip_pain": "Hip exercise painful",
    "hip_severe": "Hip exercise: pain above the limit that did not settle, paused",
    "hip_hard": "Hip exercise too hard",
    "hip_easy": "Hip exercise easy",
    # clinic mode: the patient's clinician
    "clinician_settings": "Settings changed by the clinician",
    "clinician_stage": "Stage set by the clinician",
}


# Where one rule id means something else for another kind of decision.
KIND_RULE_NAMES = {("hold", "next_morning"): "No check-in the next morning: the session can't count"}


def rule_name(rule: str, kind: str | None = None, reasons: dict | None = None) -> str:
    """The rule in words, with the patient's own limit when the decision recorded it; an id this
    table doesn't know (an older engine's) reads as itself."""
    name = KIND_RULE_NAMES.get((kind, rule)) or RULE_NAMES.get(rule, rule.replace("_", " ").capitalize())
    limit = (reasons or {}).get("pain_limit")
    return name.replace("{pain_limit}/10", f"{limit}/10" if limit is not None else "the limit")
