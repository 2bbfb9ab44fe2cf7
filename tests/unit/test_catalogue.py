"""The shipped exercise catalogue, and the errors a broken catalogue file produces."""

from pathlib import Path

import pytest

from heelstrong.catalogue.loader import (
    DEFAULT_PATH,
    CatalogueError,
    IsometricRule,
    RepsRule,
    get_catalogue,
    load_catalogue,
)

SHIPPED_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")

# id -> (track, stage, laterality), straight from PROTOCOL.md sections 2-4.
EXPECTED = {
    "calf-iso-double": ("calf", 1, "bilateral"),
    "calf-iso-seated": ("calf", 1, "bilateral"),  # stage 1 done seated (PROTOCOL.md 2c)
    "calf-iso-single": ("calf", 2, "unilateral"),
    "calf-raise-double-slow": ("calf", 3, "bilateral"),
    "calf-raise-2up1down": ("calf", 4, "unilateral"),
    "calf-raise-single": ("calf", 5, "unilateral"),
    "hip-abduction-band": ("hip", None, "unilateral"),
    "hip-extension-band": ("hip", None, "unilateral"),
    "hamstring-curl-seated-band": ("hip", None, "unilateral"),
    "glute-bridge": ("hip", None, "bilateral"),
    "glute-bridge-single": ("hip", None, "unilateral"),
    "hamstring-curl-side-lying": ("hip", None, "unilateral"),
    "hip-abduction-side-lying": ("hip", None, "unilateral"),
    "split-squat": ("hip", None, "unilateral"),
    "ankle-pumps-stretch": ("mobility", None, "bilateral"),
    "toe-yoga": ("mobility", None, "unilateral"),
    "calf-soft-tissue": ("mobility", None, "unilateral"),
    "ankle-rocking": ("mobility", None, "unilateral"),
    "dead-bug": ("core", None, "bilateral"),
    "bird-dog": ("core", None, "bilateral"),
    "single-leg-balance": ("core", None, "unilateral"),
}
# The published programs' own exercises and the forms conditions need (PROTOCOL.md 7, 8): no ladder stage.
PROGRAM_EXERCISES = {
    "calf-raise-double-towel": "bilateral", "calf-raise-2up1down-towel": "unilateral",
    "calf-raise-towel": "unilateral", "calf-raise-double-step": "bilateral", "calf-raise-single-step": "unilateral",
    "heel-drop-straight": "unilateral", "heel-drop-straight-floor": "unilateral", "heel-drop-bent": "unilateral",
    "heel-drop-bent-floor": "unilateral", "calf-raise-rebound": "bilateral", "calf-raise-seated-weighted": "bilateral",
    "calf-raise-leg-press": "bilateral", "calf-raise-standing-weighted": "bilateral",
    "calf-raise-standing-weighted-floor": "bilateral",
}
EXPECTED |= {exercise_id: ("calf", None, laterality) for exercise_id, laterality in PROGRAM_EXERCISES.items()}
EXPECTED["plantar-fascia-stretch"] = ("mobility", None, "unilateral")


def index_of(exercise_id: str) -> int:
    return [exercise.id for exercise in load_catalogue().exercises].index(exercise_id)


def edit(old: str, new: str, after: str = "") -> tuple[str, int]:
    """The shipped text with the first `old` after `after` replaced, and that 1-based line."""
    at = SHIPPED_TEXT.index(old, SHIPPED_TEXT.index(after))
    return SHIPPED_TEXT[:at] + new + SHIPPED_TEXT[at + len(old) :], SHIPPED_TEXT.count("\n", 0, at) + 1


def load_broken(tmp_path: Path, text: str) -> CatalogueError:
    path = tmp_path / "exercises.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path}:{error.line}: {error.field}: {error.reason}"
    assert "\n" not in str(error)
    return error


# ---- the shipped catalogue ----


def test_shipped_catalogue_loads_and_is_cached():
    catalogue = get_catalogue()
    assert catalogue.version == 2
    assert get_catalogue() is catalogue
    assert load_catalogue(DEFAULT_PATH) == catalogue


def test_every_protocol_exercise_is_present_with_track_stage_and_laterality():
    catalogue = get_catalogue()
    found = {ex.id: (ex.track, ex.stage, ex.laterality) for ex in catalogue.exercises}
    assert found == EXPECTED
    assert [len(catalogue.by_track(track)) for track in ("calf", "hip", "mobility", "core")] == [20, 8, 4, 3]


def test_each_stage_is_present_once_and_lists_its_own_calf_exercise():
    catalogue = get_catalogue()
    assert [stage.number for stage in catalogue.stages] == [1, 2, 3, 4, 5]
    for stage in catalogue.stages:
        for exercise_id in stage.exercise_ids:
            exercise = catalogue.get(exercise_id)
            assert (exercise.track, exercise.stage) == ("calf", stage.number)


def test_stage_dose_rules_match_the_protocol():
    holds, reps = get_catalogue().stages[:2], get_catalogue().stages[2:]
    for stage in holds:
        rule = stage.dose_rule
        assert isinstance(rule, IsometricRule)
        assert (rule.start_sets, rule.start_seconds, rule.max_sets, rule.max_seconds) == (3, 30, 5, 45)
        assert (rule.seconds_step, rule.times_per_day) == (5, "1-3")
        assert rule.below_start == ((2, 20), (3, 20))  # PROTOCOL.md 2a: below the start dose
        assert (stage.pacing.least_days, stage.pacing.min_days_between, stage.pacing.between_days) == (7, 1, None)
    for stage in reps:
        rule = stage.dose_rule
        assert isinstance(rule, RepsRule)
        assert (rule.sets, rule.progress_reps_over, rule.lowering_seconds) == (3, 15, 5)
        assert rule.target.format(reps_over=15) == "As many as you can with good form; aim for more than 15."
        pacing = stage.pacing
        assert (pacing.least_days, pacing.min_days_between, pacing.max_per_week) == (7, 2, 4)
        assert (pacing.between_days.exercise_id, pacing.between_days.sets, pacing.between_days.seconds) == (
            "calf-iso-single", 5, 45)
    assert [stage.dose_rule.load for stage in reps][:2] == [None, None]
    load = reps[2].dose_rule.load
    assert (load.step_kg, load.least_days_between_steps) == (2.5, 7)


def test_doses_and_flags_of_key_exercises():
    catalogue = get_catalogue()
    iso = catalogue.get("calf-iso-double")
    assert (iso.dose_kind, iso.default_dose.sets, iso.default_dose.seconds) == ("hold_seconds", 3, 30)
    for exercise in (e for e in catalogue.by_track("calf") if (e.stage or 0) >= 3):
        assert (exercise.dose_kind, exercise.lowering_seconds) == ("reps", 5)
    abduction = catalogue.get("hip-abduction-band").default_dose
    assert (abduction.sets, abduction.reps, abduction.rest_seconds) == (3, 10, 45)
    assert catalogue.get("calf-soft-tissue").default_dose.minutes == 2
    back_chain = {ex.id for ex in catalogue.exercises if ex.back_chain}
    bridges_and_hamstrings = {
        "glute-bridge",
        "glute-bridge-single",
        "hamstring-curl-seated-band",
        "hamstring-curl-side-lying",
    }
    assert bridges_and_hamstrings <= back_chain
    assert not back_chain & {ex.id for ex in catalogue.by_track("calf")}


def test_allowed_sides_follow_laterality_and_serialize():
    catalogue = get_catalogue()
    assert catalogue.get("glute-bridge").allowed_sides == ("both",)
    assert catalogue.get("hip-abduction-band").allowed_sides == ("left", "right", "both")
    dumped = catalogue.get("calf-iso-single").model_dump(mode="json")
    assert dumped["allowed_sides"] == ["left", "right", "both"]
    assert dumped["default_dose"]["seconds"] == 30
    assert catalogue.get("no-such-exercise") is None


# ---- broken files: line number, field path, reason ----


def test_wrong_dose_kind(tmp_path):
    text, line = edit("dose_kind: hold_seconds", "dose_kind: holds", after="- id: calf-iso-single")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('calf-iso-single')}].dose_kind")
    assert error.reason == "must be one of hold_seconds, reps, minutes (got 'holds')"


def test_duplicate_id(tmp_path):
    text, line = edit("- id: split-squat", "- id: glute-bridge")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('split-squat')}].id")
    first = index_of("glute-bridge")
    assert error.reason == f"duplicate id 'glute-bridge' (already used by exercises[{first}])"


def replace_instructions(exercise_id: str, new: str) -> tuple[str, int]:
    """The shipped text with one exercise's instructions block replaced, and that line."""
    start = SHIPPED_TEXT.index("    instructions:\n", SHIPPED_TEXT.index(f"- id: {exercise_id}"))
    end = SHIPPED_TEXT.index("    cues:\n", start)
    return SHIPPED_TEXT[:start] + new + SHIPPED_TEXT[end:], SHIPPED_TEXT.count("\n", 0, start) + 1


def test_missing_instructions(tmp_path):
    text, _ = replace_instructions("hamstring-curl-side-lying", "")
    _, id_line = edit("- id: hamstring-curl-side-lying", "- id: hamstring-curl-side-lying")
    error = load_broken(tmp_path, text)
    # A missing key has no line of its own: it is reported at its exercise's first line.
    index = index_of("hamstring-curl-side-lying")
    assert (error.line, error.field) == (id_line, f"exercises[{index}].instructions")
    assert error.reason == "Field required"


def test_empty_instructions(tmp_path):
    text, line = replace_instructions("toe-yoga", "    instructions: []\n")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('toe-yoga')}].instructions")
    assert error.reason.startswith("Tuple should have at least 1 item")


def test_yaml_syntax_error(tmp_path):
    text, line = edit("name: Toe yoga", "name: Toe: yoga")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "yaml syntax")
    assert error.reason == "mapping values are not allowed here"


def test_stage_referencing_unknown_exercise(tmp_path):
    text, line = edit("exercise_ids: [calf-raise-2up1down]", "exercise_ids: [calf-raise-two-up]")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "programs[0].stages[3].exercise_ids[0]")
    assert error.reason == "unknown exercise 'calf-raise-two-up'"


def test_default_dose_key_not_matching_dose_kind(tmp_path):
    text, line = edit("{sets: 2, reps: 10}", "{sets: 2, seconds: 10}", after="- id: ankle-rocking")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('ankle-rocking')}].default_dose.seconds")
    assert error.reason == "not allowed for dose_kind reps (use reps)"


def test_stage_on_a_non_calf_exercise(tmp_path):
    text, line = edit("    track: hip\n", "    track: hip\n    stage: 2\n", after="- id: glute-bridge")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line + 1, f"exercises[{index_of('glute-bridge')}].stage")
    assert error.reason == "only calf exercises have a stage, not hip"


def test_non_positive_number_inside_a_stage_dose_rule(tmp_path):
    text, line = edit("max_seconds: 45", "max_seconds: 0")
    error = load_broken(tmp_path, text)
    # pydantic puts the union tag ("isometric") in the error location; the path must not.
    assert (error.line, error.field) == (line, "programs[0].stages[0].dose_rule.max_seconds")
    assert error.reason == "Input should be greater than 0"


def test_stage_defined_twice(tmp_path):
    text, line = edit("  - number: 4\n", "  - number: 3\n")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "programs[0].stages[3].number")
    assert error.reason == "must be 4: stages are numbered in order"


def test_missing_stage(tmp_path):
    start, end = SHIPPED_TEXT.index("  - number: 4\n"), SHIPPED_TEXT.index("  - number: 5\n")
    error = load_broken(tmp_path, SHIPPED_TEXT[:start] + SHIPPED_TEXT[end:])
    assert (error.field, error.reason) == ("programs[0].stages[3].number", "must be 4: stages are numbered in order")


# ---- pacing and progressions (PROTOCOL.md 2a, 3): validated at start-up ----


def test_a_paced_stage_needs_something_for_the_days_between(tmp_path):
    text, line = edit("          between_days: {exercise_id: calf-iso-single, sets: 5, seconds: 45}\n", "",
                      after="  - number: 3")
    error = load_broken(tmp_path, text)
    assert error.field == "programs[0].stages[2].pacing.between_days"
    assert error.reason == "required when a stage is not trained every day"


def test_days_between_hold_a_calf_hold_exercise(tmp_path):
    text, line = edit("exercise_id: calf-iso-single, sets: 5", "exercise_id: glute-bridge, sets: 5",
                      after="  - number: 3")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "programs[0].stages[2].pacing.between_days.exercise_id")
    assert error.reason == "'glute-bridge' is not a calf hold exercise"


def test_a_rep_target_must_name_the_number_to_beat(tmp_path):
    text, line = edit("aim for more than {reps_over}.", "aim for 16.", after="  - number: 3")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "programs[0].stages[2].dose_rule.target")
    assert error.reason == "must contain {reps_over} and no other placeholder"


def test_doses_below_the_start_must_climb_towards_it(tmp_path):
    text, line = edit("below_start: [[2, 20], [3, 20]]", "below_start: [[3, 20], [2, 20]]")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, "programs[0].stages[0].dose_rule.below_start")


def test_a_hip_progression_must_lead_to_another_hip_exercise(tmp_path):
    text, line = edit("progresses_to: glute-bridge-single", "progresses_to: calf-iso-double")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('glute-bridge')}].progresses_to")
    assert error.reason == "'calf-iso-double' is not another hip exercise"


def test_a_flare_morning_stand_in_needs_nothing_and_spares_the_heel_itself(tmp_path):
    after = "  - id: split-squat"
    text, line = edit("      exercise_id: glute-bridge-single", "      exercise_id: hip-extension-band", after)
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('split-squat')}].on_flare_morning.exercise_id")
    assert error.reason.startswith("'hip-extension-band' is not another hip exercise that needs nothing")


def test_cues_may_only_fill_in_the_patients_pain_limit(tmp_path):
    text, line = edit("Stop at {pain_stop}.", "Stop at {pain_max}.")
    error = load_broken(tmp_path, text)
    assert error.field.endswith(".cues") and "pain_max" in error.reason


def test_cues_are_written_in_the_patients_numbers():
    exercise = get_catalogue().get("calf-iso-double")
    assert "An ache up to 4/10 is fine. Stop at 5." in exercise.for_patient(4).cues


# ---- demonstration figures: poses as data, checked at start-up ----


def test_every_exercise_has_a_figure_that_moves_at_its_tempo():
    from heelstrong.catalogue.loader import JOINTS

    for exercise in get_catalogue().exercises:
        demo = exercise.demo
        assert len(demo.keyframes) >= 2, exercise.id
        assert demo.alt.format(side="left") and demo.seconds > 0
        assert set(demo.keyframes[0].pose) <= set(JOINTS)
        if exercise.lowering_seconds:
            assert exercise.lowering_seconds in [keyframe.move for keyframe in demo.keyframes]
        if exercise.dose_kind == "hold_seconds":
            assert any(keyframe.hold > 0 for keyframe in demo.keyframes)
    dumped = get_catalogue().get("calf-raise-single").model_dump(mode="json")
    assert dumped["demo"]["keyframes"][0]["pose"]["r_heel"] == [46, 95]


def demo_edit(exercise_id: str, old: str, new: str) -> tuple[str, int]:
    return edit(old, new, after=f"- id: {exercise_id}\n")


def test_a_figure_is_required(tmp_path):
    start = SHIPPED_TEXT.index("    demo:\n", SHIPPED_TEXT.index("- id: toe-yoga"))
    end = SHIPPED_TEXT.index("\n  - id:", start)
    _, id_line = edit("- id: toe-yoga", "- id: toe-yoga")
    error = load_broken(tmp_path, SHIPPED_TEXT[:start] + SHIPPED_TEXT[end + 1 :])
    assert (error.line, error.field) == (id_line, f"exercises[{index_of('toe-yoga')}].demo")
    assert error.reason == "Field required"


def test_an_unknown_joint(tmp_path):
    text, line = demo_edit("split-squat", "r_knee:", "r_kneee:")
    error = load_broken(tmp_path, text)
    assert line == error.line
    assert error.field == f"exercises[{index_of('split-squat')}].demo.keyframes[0].pose.r_kneee"
    assert error.reason.startswith("unknown joint 'r_kneee'")


def test_a_joint_outside_the_box(tmp_path):
    text, line = demo_edit("glute-bridge", "pelvis: [50, 91]", "pelvis: [50, 191]")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('glute-bridge')}].demo.keyframes[0].pose.pelvis")
    assert error.reason == "[50.0, 191.0] is outside the figure's box (0-100 across and down)"


def test_a_joint_outside_the_view(tmp_path):
    text, line = demo_edit("glute-bridge", "pelvis: [50, 91]", "pelvis: [50, 20]")
    error = load_broken(tmp_path, text)
    assert error.field == f"exercises[{index_of('glute-bridge')}].demo.keyframes[0].pose.pelvis"
    assert error.reason.startswith("[50, 20] is outside the view")


def test_a_joint_the_first_pose_does_not_place(tmp_path):
    text, _ = demo_edit("glute-bridge", "{label: \"Hips up, slowly\", move: 2, hold: 1, arrow: pelvis, pose: {",
                        "{label: \"Hips up, slowly\", move: 2, hold: 1, arrow: pelvis, pose: {r_bigtoe: [60, 90], ")
    error = load_broken(tmp_path, text)
    assert error.field == f"exercises[{index_of('glute-bridge')}].demo.keyframes[1].pose.r_bigtoe"
    assert error.reason == "r_bigtoe is not placed in the first pose"


def test_durations_must_be_positive(tmp_path):
    text, line = demo_edit("dead-bug", "move: 1.5,", "move: 0,")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('dead-bug')}].demo.keyframes[0].move")
    assert error.reason == "Input should be greater than 0"


def test_a_movement_needs_two_key_poses(tmp_path):
    start = SHIPPED_TEXT.index("        - {label: \"Other four up\"")
    end = SHIPPED_TEXT.index("\n", start)
    error = load_broken(tmp_path, SHIPPED_TEXT[:start] + SHIPPED_TEXT[end + 1 :])
    assert error.field == f"exercises[{index_of('toe-yoga')}].demo.keyframes"
    assert error.reason == "a movement needs two key poses or more"


def test_a_slow_lowering_takes_its_seconds(tmp_path):
    text, _ = demo_edit("calf-raise-double-slow", "move: 5,", "move: 2,")
    error = load_broken(tmp_path, text)
    assert error.field == f"exercises[{index_of('calf-raise-double-slow')}].demo.keyframes"
    assert error.reason == "no key pose is reached in lowering_seconds (5 s): the lowering must take that long"


def test_a_hold_exercise_holds(tmp_path):
    text, _ = demo_edit("calf-iso-double", "hold: 4,", "hold: 0,")
    text = text.replace("move: 1, hold: 0.5, arrow: r_heel", "move: 1, arrow: r_heel", 1)
    error = load_broken(tmp_path, text)
    assert error.field == f"exercises[{index_of('calf-iso-double')}].demo.keyframes"
    assert error.reason == "a hold exercise needs a key pose that holds (hold: seconds)"


def test_a_band_is_tied_to_a_joint_of_the_figure(tmp_path):
    text, line = demo_edit("hip-abduction-band", "to: r_ankle", "to: r_bigtoe")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('hip-abduction-band')}].demo.props[1].to")
    assert error.reason == "'r_bigtoe' is not a joint of this figure"


def test_a_close_up_lies_inside_the_view_and_says_what_its_line_marks(tmp_path):
    shipped = get_catalogue().get("calf-raise-single").demo.closeup
    assert shipped is not None and shipped.mark == "As high as you can"
    text, line = demo_edit("calf-raise-single", "closeup: {view: [40, 74,", "closeup: {view: [10, 74,")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('calf-raise-single')}].demo.closeup.view")
    assert error.reason == "must lie inside the view [30.0, 12.0, 46.0, 86.0]"
    text, line = demo_edit("calf-raise-single", 'mark: "As high as you can"', 'mark: ""')
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('calf-raise-single')}].demo.closeup.mark")


def test_a_stand_in_must_do_without_what_the_exercise_needs(tmp_path):
    text, line = edit("exercise_id: glute-bridge\n", "exercise_id: hip-abduction-band\n")
    error = load_broken(tmp_path, text)
    assert (error.line, error.field) == (line, f"exercises[{index_of('hip-extension-band')}].substitute.exercise_id")
    assert error.reason == "'hip-abduction-band' is not another hip exercise that does without what this one needs"


def test_equipment_a_patient_may_lack_is_a_known_kind(tmp_path):
    text, _ = edit("needs: [band]\n    substitute:", "needs: [rope]\n    substitute:")
    assert load_broken(tmp_path, text).field.endswith(".needs[0]")
