"""Load and validate the exercise catalogue (exercises, calf-ladder stages, doses).

The catalogue is data a clinician may edit, so it is checked once at start-up. Any problem
comes back as one line naming the file, line and field to fix.
"""

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    computed_field,
    model_validator,
)

DEFAULT_PATH = Path(__file__).with_name("exercises.yaml")
M = TypeVar("M", bound=BaseModel)

Track = Literal["calf", "hip", "mobility", "core"]
DoseKind = Literal["hold_seconds", "reps", "minutes"]
Laterality = Literal["bilateral", "unilateral"]
# What a patient may or may not have at home (asked at sign-up and in Profile); everything
# else an exercise uses (a wall, a chair, a mat) is assumed.
Equipment = Literal["band", "weights", "gym"]
EQUIPMENT_WORDS: dict[str, str] = {"band": "a resistance band", "weights": "a backpack or weights",
                                   "gym": "a gym with a leg-press machine"}
# The conditions asked at onboarding (accounts.models.Condition), which programs are for.
Condition = Literal["achilles_midportion", "achilles_insertional", "plantar_heel", "not_sure"]
DEFAULT_PROGRAM = "ladder"
CONDITION_WORDS: dict[str, str] = {
    "achilles_midportion": "Achilles tendinopathy (mid-portion)",
    "achilles_insertional": "insertional Achilles tendinopathy",
    "plantar_heel": "plantar heel pain",
    "not_sure": "heel pain not yet diagnosed",
}
Text = Annotated[str, Field(min_length=1)]
StageNumber = Annotated[int, Field(ge=1, le=5)]
Loc = tuple[str | int, ...]

# The default_dose key holding the amount for each dose kind.
DOSE_AMOUNT_KEY: dict[str, str] = {"hold_seconds": "seconds", "reps": "reps", "minutes": "minutes"}
# The dose kind that the exercises of each kind of stage must use.
STAGE_DOSE_KIND: dict[str, str] = {"isometric": "hold_seconds", "reps": "reps", "sets": "reps", "rm": "reps"}


class CatalogueError(Exception):
    """A catalogue problem, shown as `<file>:<line>: <field path>: <reason>`."""

    def __init__(self, path: Path, line: int, field: str, reason: str) -> None:
        self.path, self.line, self.field, self.reason = path, line, field, reason
        super().__init__(f"{path}:{line}: {field}: {reason}")


class RuleViolation(ValueError):
    """A broken cross-field rule. `loc` is relative to the model whose validator raised it,
    so the loader can point at the exact field rather than the whole model."""

    def __init__(self, loc: Loc, reason: str) -> None:
        super().__init__(reason)
        self.loc = loc


class _Frozen(BaseModel):
    # extra="forbid" turns a misspelt key into an error instead of a silently ignored field.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Dose(_Frozen):
    sets: PositiveInt
    reps: PositiveInt | None = None
    seconds: PositiveInt | None = None
    minutes: PositiveInt | None = None
    rest_seconds: PositiveInt | None = None


# ---- Demonstration figures: poses as data ----
#
# A figure is a stick figure drawn from key points in a 100 x 100 box (x to the right, y down,
# the floor at y = 95). Joints: head, neck, pelvis, and for each side (l_, r_) shoulder, elbow,
# wrist, hip, knee, ankle, heel, ball, toe, bigtoe; shoulders and hips may be left out (the arm
# then hangs from the top of the trunk, the leg from the pelvis). A unilateral exercise is drawn
# with the working side as r_ and mirrored by the app for the left side.

FIGURE_BOX = 100.0
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "ball", "toe", "bigtoe")
JOINTS: tuple[str, ...] = ("head", "neck", "pelvis", *(f"{s}_{j}" for s in "lr" for j in LIMB_JOINTS))
Point = tuple[float, float]


def _check_point(point: Point, loc: Loc) -> None:
    if not all(0 <= value <= FIGURE_BOX for value in point):
        raise RuleViolation(loc, f"{list(point)} is outside the figure's box (0-100 across and down)")


class Keyframe(_Frozen):
    """One key pose: where each joint is, how long moving into it takes, how long it is held.

    ``pose`` lists only the joints that move: the others stay where the keyframe before left
    them (the first keyframe places every joint). ``arrow`` names the joint whose path to the
    next pose is drawn as an arrow when the key poses are shown side by side.
    """

    label: Annotated[str, Field(min_length=1, max_length=40)]
    move: PositiveFloat  # seconds to move here from the pose before (the first: from the last)
    hold: NonNegativeFloat = 0
    pose: dict[str, Point]
    arrow: str | None = None

    @model_validator(mode="after")
    def _check_joints(self) -> Self:
        for name, point in self.pose.items():
            if name not in JOINTS:
                raise RuleViolation(
                    ("pose", name),
                    f"unknown joint {name!r} (joints: head, neck, pelvis, l_ or r_ + {', '.join(LIMB_JOINTS)})",
                )
            _check_point(point, ("pose", name))
        if self.arrow is not None and self.arrow not in JOINTS:
            raise RuleViolation(("arrow",), f"unknown joint {self.arrow!r}")
        return self


class Prop(_Frozen):
    """Something the figure uses, drawn in the same box: a wall, a door (a band's anchor), a
    step, a chair or bed, a mat, a roller, or a band from ``at`` to a joint."""

    kind: Literal["wall", "door", "step", "chair", "bed", "mat", "roller", "band"]
    at: Point
    size: tuple[PositiveFloat, PositiveFloat] | None = None  # width, height (step, chair, bed, mat, roller)
    to: str | None = None  # band: the joint it is tied to

    @model_validator(mode="after")
    def _check_shape(self) -> Self:
        _check_point(self.at, ("at",))
        if (self.kind == "band") != (self.to is not None):
            raise RuleViolation(("to",), "a band needs the joint it is tied to; other props take none")
        sized = self.kind in ("step", "chair", "bed", "mat", "roller")
        if sized != (self.size is not None):
            raise RuleViolation(("size",), f"{'needed' if sized else 'not used'} for a {self.kind}")
        return self


View = tuple[float, float, PositiveFloat, PositiveFloat]  # x, y, width, height of a box shown


class Closeup(_Frozen):
    """A part of the figure (the working foot) drawn again, magnified, beside it, so that a
    small movement (a heel rising) is plain on a phone. ``mark`` draws a line at the highest
    point the arrow joint reaches, with these words beside the figure ("As high as you can")."""

    view: View
    mark: Annotated[str, Field(min_length=1, max_length=40)] | None = None


class Demo(_Frozen):
    """How an exercise looks: the key poses in order, looped, at the exercise's tempo."""

    alt: Annotated[str, Field(min_length=20)]  # the text alternative; {side} = left, right or working
    view: View
    closeup: Closeup | None = None
    props: tuple[Prop, ...] = ()
    keyframes: Annotated[tuple[Keyframe, ...], Field(min_length=1, max_length=8)]

    @model_validator(mode="after")
    def _check_poses(self) -> Self:
        x, y, width, height = self.view
        if x < 0 or y < 0 or x + width > FIGURE_BOX or y + height > FIGURE_BOX:
            raise RuleViolation(("view",), "must lie inside the figure's box (0-100 across and down)")
        if self.closeup is not None:
            cx, cy, cw, ch = self.closeup.view
            if cx < x or cy < y or cx + cw > x + width or cy + ch > y + height:
                raise RuleViolation(("closeup", "view"), f"must lie inside the view {list(self.view)}")
            if self.closeup.mark is not None and not any(keyframe.arrow for keyframe in self.keyframes):
                raise RuleViolation(("closeup", "mark"), "marks the highest point of an arrow joint: name one")
        first = self.keyframes[0].pose
        if len(first) < 2:
            raise RuleViolation(("keyframes", 0, "pose"), "the first pose must place every joint of the figure")
        for index, keyframe in enumerate(self.keyframes):
            for name, (px, py) in keyframe.pose.items():
                if name not in first:
                    raise RuleViolation(("keyframes", index, "pose", name), f"{name} is not placed in the first pose")
                if not (x <= px <= x + width and y <= py <= y + height):
                    raise RuleViolation(
                        ("keyframes", index, "pose", name), f"[{px:g}, {py:g}] is outside the view {list(self.view)}"
                    )
            if keyframe.arrow is not None and keyframe.arrow not in first:
                raise RuleViolation(("keyframes", index, "arrow"), f"{keyframe.arrow} is not placed in the first pose")
        for index, prop in enumerate(self.props):
            if prop.to is not None and prop.to not in first:
                raise RuleViolation(("props", index, "to"), f"{prop.to!r} is not a joint of this figure")
        try:
            self.alt.format(side="left")
        except (KeyError, IndexError, ValueError) as error:
            raise RuleViolation(("alt",), f"only {{side}} may be filled in, not {error}") from None
        return self

    @property
    def seconds(self) -> float:
        """One loop of the animation."""
        return sum(keyframe.move + keyframe.hold for keyframe in self.keyframes)


class Substitute(_Frozen):
    """An exercise for the same muscles without the equipment, and why it stands in."""

    exercise_id: str
    why: Text


class Exercise(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    name: Text
    track: Track
    stage: StageNumber | None = None  # a calf exercise's stage on the ladder (programs list their own)
    dose_kind: DoseKind
    default_dose: Dose
    tempo: Text | None = None
    lowering_seconds: PositiveInt | None = None
    laterality: Laterality
    back_chain: bool
    equipment: tuple[Text, ...] = ()
    # What the patient must have for it; without it the plan offers `substitute` where one exists.
    needs: tuple[Equipment, ...] = ()
    substitute: Substitute | None = None
    # A morning at the ceiling (7/10 or more): lying work that spares the heel stands in.
    on_flare_morning: Substitute | None = None
    instructions: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)]
    cues: Annotated[tuple[Text, ...], Field(min_length=1, max_length=3)]
    seeds: Annotated[tuple[Annotated[str, Field(pattern=r"^\d{3}$")], ...], Field(min_length=1)]
    # Hip track: the harder exercise this one gives way to once it feels easy (bridge -> one-leg bridge).
    progresses_to: str | None = None
    # How far the ankle bends (PROTOCOL.md 8): "below_neutral" drops the heel below the forefoot (off
    # a step edge), which an insertional Achilles tendon must not be loaded into; `floor_form` is the
    # same exercise on the flat floor, used instead.
    range: Literal["floor", "below_neutral"] = "floor"
    floor_form: str | None = None
    # Plantar heel pain: the same raise with a rolled towel under the toes (PROTOCOL.md 8).
    towel_form: str | None = None
    # Only in the plan for these conditions (the plantar-fascia stretch); empty: for everyone.
    only_for: tuple[Condition, ...] = ()
    # How it is done, drawn: key poses, looped at the exercise's tempo.
    demo: Demo

    @computed_field
    @property
    def allowed_sides(self) -> tuple[str, ...]:
        """Sides a set may be logged for; "both" on a unilateral exercise means each in turn."""
        return ("both",) if self.laterality == "bilateral" else ("left", "right", "both")

    @model_validator(mode="after")
    def _check_dose_and_stage(self) -> Self:
        amount_key = DOSE_AMOUNT_KEY[self.dose_kind]
        for key in DOSE_AMOUNT_KEY.values():
            given = getattr(self.default_dose, key) is not None
            if key == amount_key and not given:
                raise RuleViolation(("default_dose", key), f"required for dose_kind {self.dose_kind}")
            if key != amount_key and given:
                raise RuleViolation(
                    ("default_dose", key),
                    f"not allowed for dose_kind {self.dose_kind} (use {amount_key})",
                )
        if self.track != "calf" and self.stage is not None:
            raise RuleViolation(("stage",), f"only calf exercises have a stage, not {self.track}")
        for field_name in ("instructions", "cues"):
            for line in getattr(self, field_name):
                try:
                    line.format(pain_limit=5, pain_stop=6)
                except (KeyError, IndexError, ValueError) as error:
                    raise RuleViolation(
                        (field_name,), f"only {{pain_limit}} and {{pain_stop}} may be filled in, not {error}"
                    ) from None
        self._check_demo_tempo()
        return self

    def _check_demo_tempo(self) -> None:
        """The figure moves as the patient is asked to: a movement has two poses or more, a hold
        holds, and a slow lowering takes its lowering_seconds."""
        keyframes = self.demo.keyframes
        if self.dose_kind != "hold_seconds" and len(keyframes) < 2:
            raise RuleViolation(("demo", "keyframes"), "a movement needs two key poses or more")
        if self.dose_kind == "hold_seconds" and not any(keyframe.hold > 0 for keyframe in keyframes):
            raise RuleViolation(("demo", "keyframes"), "a hold exercise needs a key pose that holds (hold: seconds)")
        if self.lowering_seconds and not any(keyframe.move == self.lowering_seconds for keyframe in keyframes):
            raise RuleViolation(
                ("demo", "keyframes"),
                f"no key pose is reached in lowering_seconds ({self.lowering_seconds} s):"
                " the lowering must take that long",
            )

    def for_patient(self, pain_limit: int) -> Self:
        """The exercise in the patient's own numbers: their pain limit, and where to stop."""

        def fill(lines: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(line.format(pain_limit=pain_limit, pain_stop=pain_limit + 1) for line in lines)

        return self.model_copy(update={"instructions": fill(self.instructions), "cues": fill(self.cues)})


HoldDose = tuple[PositiveInt, PositiveInt]  # (holds, seconds)


class IsometricRule(_Frozen):
    """Holds: start small, add a hold per tolerated day up to max_sets, then add seconds.

    ``below_start`` are the doses under the start dose, lowest first, that a flagged session
    at the start dose steps down to (PROTOCOL.md 2a) instead of repeating the same dose.
    """

    kind: Literal["isometric"]
    start_sets: PositiveInt
    start_seconds: PositiveInt
    max_sets: PositiveInt
    max_seconds: PositiveInt
    seconds_step: PositiveInt
    below_start: tuple[HoldDose, ...] = ()
    times_per_day: Annotated[str, Field(pattern=r"^\d+(-\d+)?$")]

    @model_validator(mode="after")
    def _check_start_within_max(self) -> Self:
        if self.start_sets > self.max_sets:
            raise RuleViolation(("start_sets",), f"must not exceed max_sets ({self.max_sets})")
        if self.start_seconds > self.max_seconds:
            raise RuleViolation(("start_seconds",), f"must not exceed max_seconds ({self.max_seconds})")
        volumes = [sets * seconds for sets, seconds in (*self.below_start, (self.start_sets, self.start_seconds))]
        if any(lower >= higher for lower, higher in zip(volumes, volumes[1:])):
            raise RuleViolation(
                ("below_start",), "each dose must be smaller than the next, ending below the start dose"
            )
        return self


class RmRule(_Frozen):
    """PROTOCOL.md 7: "nRM" is a load heavy enough that about n reps are possible. Each load step
    moves to the next, lower target; at the last one a step needs every set to pass it by
    ``pass_by``; a set short of the target by ``short_by`` or more takes a step off."""

    targets: Annotated[tuple[PositiveInt, ...], Field(min_length=1)]
    pass_by: PositiveInt
    short_by: PositiveInt
    words: Text  # what a set aims for; {reps} is the target

    @model_validator(mode="after")
    def _check(self) -> Self:
        if any(later >= earlier for earlier, later in zip(self.targets, self.targets[1:])):
            raise RuleViolation(("targets",), "each target must be lower than the one before")
        if "{reps}" not in self.words or self.words.replace("{reps}", "").count("{"):
            raise RuleViolation(("words",), "must contain {reps} and no other placeholder")
        return self


class LoadRule(_Frozen):
    """Adding weight at a rep stage: one step at a time, with days at each load before the next."""

    step_kg: PositiveFloat
    least_days_between_steps: Annotated[int, Field(ge=1, le=28)]
    needs: Equipment | None = None  # what carries the load
    rm: RmRule | None = None  # with load, sets aim for falling rep targets
    when_pain_free: bool = False  # a step only after a pain-free session (Alfredson 1998)


class RepsRule(_Frozen):
    """Sets to fatigue; a set of more than progress_reps_over reps earns the next step.

    ``target`` is what the patient is asked for, with ``{reps_over}`` standing for the number
    to beat: never a fixed count that would itself trigger progress (PROTOCOL.md 2a).
    """

    kind: Literal["reps"]
    sets: PositiveInt
    progress_reps_over: PositiveInt
    target: Text
    lowering_seconds: PositiveInt
    # What the first session of the stage asks for instead: a new movement is learnt short of fatigue.
    first_session: Text | None = None
    load: LoadRule | None = None  # progress at this stage by adding load

    @model_validator(mode="after")
    def _check_target(self) -> Self:
        if "{reps_over}" not in self.target or self.target.replace("{reps_over}", "").count("{"):
            raise RuleViolation(("target",), "must contain {reps_over} and no other placeholder")
        return self


class FixedDose(_Frozen):
    """One exercise's sets and reps in a fixed prescription."""

    exercise_id: str
    sets: PositiveInt
    reps: PositiveInt


class SetsRule(_Frozen):
    """A fixed prescription (Silbernagel's phases, Alfredson's drops): each exercise's sets and
    reps, done ``times_per_day``; the phase is moved on from by its days and the pain rules.
    ``load`` adds weight one step at a time once a session is pain-free (Alfredson)."""

    kind: Literal["sets"]
    doses: Annotated[tuple[FixedDose, ...], Field(min_length=1)]
    times_per_day: Annotated[int, Field(ge=1, le=3)] = 1
    load: LoadRule | None = None
    target: Text  # what each set asks, in words

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(dose.exercise_id for dose in self.doses)


class RmWeek(_Frozen):
    """From a program week on: sets of about ``reps`` reps, with a load heavy enough for no more."""

    from_week: PositiveInt
    sets: PositiveInt
    reps: PositiveInt


class RmScheduleRule(_Frozen):
    """PROTOCOL.md 7's RM programs (heavy slow resistance, high-load plantar): the week decides
    the sets and the target reps; each exercise's load moves a step when every set passed the
    target by ``pass_by`` (up) or a set fell short by ``short_by`` (down)."""

    kind: Literal["rm"]
    schedule: Annotated[tuple[RmWeek, ...], Field(min_length=1)]
    step_kg: PositiveFloat
    pass_by: PositiveInt
    short_by: PositiveInt
    words: Text  # what a set aims for; {reps} is the target
    needs: Equipment | None = None  # what carries the load

    @model_validator(mode="after")
    def _check(self) -> Self:
        weeks = [week.from_week for week in self.schedule]
        if weeks[0] != 1 or any(later <= earlier for earlier, later in zip(weeks, weeks[1:])):
            raise RuleViolation(("schedule",), "must start at week 1, each entry later than the one before")
        if "{reps}" not in self.words or self.words.replace("{reps}", "").count("{"):
            raise RuleViolation(("words",), "must contain {reps} and no other placeholder")
        return self

    def week(self, number: int) -> RmWeek:
        """The schedule's entry for program week ``number`` (1-based)."""
        return [entry for entry in self.schedule if entry.from_week <= number][-1]


class BetweenDays(_Frozen):
    """What a day between two sessions of a paced stage holds: holds ease pain."""

    exercise_id: str
    sets: PositiveInt
    seconds: PositiveInt


class Pacing(_Frozen):
    """How fast a stage may be climbed and how often it may be trained (PROTOCOL.md 2a)."""

    least_days: Annotated[int, Field(ge=1, le=91)]
    min_days_between: Annotated[int, Field(ge=1, le=7)] = 1  # 1: daily, 2: every second day
    max_per_week: Annotated[int, Field(ge=1, le=7)] = 7
    between_days: BetweenDays | None = None
    rest_days: bool = False  # the days between are rest days for the calves (the program says so)

    @model_validator(mode="after")
    def _check_between_days(self) -> Self:
        paced = self.min_days_between > 1 or self.max_per_week < 7
        if paced and self.between_days is None and not self.rest_days:
            raise RuleViolation(("between_days",), "required when a stage is not trained every day")
        if not paced and self.between_days is not None:
            raise RuleViolation(("between_days",), "only for a stage that is not trained every day")
        return self


class Stage(_Frozen):
    number: StageNumber
    name: Text
    description: Text
    exercise_ids: Annotated[tuple[str, ...], Field(min_length=1)]
    # What the stage asks of a calf, on the ladder's scale (1 holds .. 5 single-leg raises): a new
    # program starts at its highest stage no harder than where the patient is. Default: its number.
    level: Annotated[int, Field(ge=1, le=5)] | None = None
    # What the holds are done as once they hurt too much at the lowest dose: seated, loading less.
    supported: str | None = None
    # A test result needed to move on from this stage, besides the pain rules (PROTOCOL.md 7:
    # Silbernagel's phase 1 is for those who can't do 10 single-leg heel rises).
    move_on_at_heel_rises: PositiveInt | None = None
    pacing: Pacing
    dose_rule: Annotated[IsometricRule | RepsRule | SetsRule | RmScheduleRule, Field(discriminator="kind")]


class HipSide(_Frozen):
    """The hip work for one painful heel, or for both."""

    exercises: Annotated[tuple[str, ...], Field(min_length=1)]
    why: Text  # {heel}: the painful side; {side}: the side trained
    why_back_chain: Text | None = None  # for back-of-leg exercises, when it differs


class HipTrack(_Frozen):
    sessions_per_week: Annotated[int, Field(ge=1, le=7)]
    back_chain_extra_sets: Annotated[int, Field(ge=0, le=3)]  # when both heels hurt
    one_side: HipSide
    both_sides: HipSide


class DailyWhy(_Frozen):
    """Why each every-day track is there, shown under its exercises."""

    mobility: Text
    core: Text


class Program(_Frozen):
    """A published program, or the seeds' ladder (PROTOCOL.md 7): its stages or phases, who it is
    for, what it asks of the patient and where it comes from. One engine runs them all, under the
    same pain rules, pacing, morning trend and hand-over."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    name: Text
    conditions: Annotated[tuple[Condition, ...], Field(min_length=1)]  # who it is for
    for_whom: Text
    asks: Text  # what it asks of the patient, in plain words
    sessions: Text  # how often, in words
    weeks: PositiveInt | None = None  # how long the published program runs
    needs: tuple[Equipment, ...] = ()
    source: Text
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)]


class Catalogue(_Frozen):
    version: PositiveInt
    programs: Annotated[tuple[Program, ...], Field(min_length=1)]
    hip_track: HipTrack
    daily_why: DailyWhy
    exercises: tuple[Exercise, ...]
    # A patient's view (for_patient): the program `stages` are of, and the condition that chose
    # their forms and every-day exercises.
    program_id: str = DEFAULT_PROGRAM
    condition: Condition | None = None

    @cached_property
    def _by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def by_track(self, track: Track) -> tuple[Exercise, ...]:
        return tuple(ex for ex in self.exercises if ex.track == track
                     and (not ex.only_for or self.condition in ex.only_for))

    def program(self, program_id: str | None = None) -> Program | None:
        wanted = program_id or self.program_id
        return next((program for program in self.programs if program.id == wanted), None)

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.program().stages

    def unfit(self, program: Program, condition: str | None) -> str | None:
        """Why ``program`` is not offered for ``condition`` (PROTOCOL.md 8), or None."""
        if condition is not None and condition not in program.conditions:
            return "not_for_condition"
        if condition == "achilles_insertional" and any(
            self.get(exercise_id).range == "below_neutral" and not self.get(exercise_id).floor_form
            for stage in program.stages for exercise_id in stage.exercise_ids
        ):
            return "below_neutral"
        return None

    @cached_property
    def _views(self) -> dict[tuple[str, str | None], "Catalogue"]:
        return {}

    def for_patient(self, program_id: str, condition: str | None) -> "Catalogue":
        """The catalogue as one patient's plan reads it: ``program_id``'s stages, each exercise in
        the form the condition needs (the floor form for an insertional Achilles tendon, the
        towel under the toes for plantar heel pain), and the every-day exercises for it."""
        key = (program_id, condition)
        if key not in self._views:
            program = self.program(program_id) or self.program(DEFAULT_PROGRAM)
            stages = tuple(self._stage_for(stage, condition) for stage in program.stages)
            program = program.model_copy(update={"stages": stages})
            programs = tuple(program if p.id == program.id else p for p in self.programs)
            self._views[key] = self.model_copy(update={"programs": programs, "program_id": program.id,
                                                       "condition": condition})
        return self._views[key]

    def _stage_for(self, stage: Stage, condition: str | None) -> Stage:
        update = {"exercise_ids": tuple(self._form(e, stage, condition) for e in stage.exercise_ids)}
        if isinstance(stage.dose_rule, SetsRule):
            doses = tuple(dose.model_copy(update={"exercise_id": self._form(dose.exercise_id, stage, condition)})
                          for dose in stage.dose_rule.doses)
            update["dose_rule"] = stage.dose_rule.model_copy(update={"doses": doses})
        return stage.model_copy(update=update)

    def _form(self, exercise_id: str, stage: Stage, condition: str | None) -> str:
        exercise = self.get(exercise_id)
        if condition == "achilles_insertional" and exercise.floor_form:
            return exercise.floor_form
        if condition == "plantar_heel" and exercise.towel_form and stage.dose_rule.kind != "isometric":
            return exercise.towel_form
        return exercise_id

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        first_index: dict[str, int] = {}
        for index, exercise in enumerate(self.exercises):
            if exercise.id in first_index:
                raise RuleViolation(
                    ("exercises", index, "id"),
                    f"duplicate id {exercise.id!r} (already used by exercises[{first_index[exercise.id]}])",
                )
            first_index[exercise.id] = index

        ids = [program.id for program in self.programs]
        if DEFAULT_PROGRAM not in ids:
            raise RuleViolation(("programs",), f"the default program {DEFAULT_PROGRAM!r} is missing")
        for index, program in enumerate(self.programs):
            if ids.index(program.id) != index:
                raise RuleViolation(("programs", index, "id"), f"program {program.id!r} is defined twice")
            self._check_stages(("programs", index, "stages"), program)

        listed = {exercise_id for program in self.programs for stage in program.stages
                  for exercise_id in (*stage.exercise_ids, stage.supported)}
        for index, exercise in enumerate(self.exercises):
            for name, form in (("floor_form", exercise.floor_form), ("towel_form", exercise.towel_form)):
                target = self.get(form) if form else None
                if form and (target is None or target.track != "calf" or target.range != "floor"
                             or target.dose_kind != exercise.dose_kind):
                    raise RuleViolation(("exercises", index, name),
                                        f"{form!r} is not a calf exercise of the same kind on the flat floor")
                listed.add(form)
        for index, exercise in enumerate(self.exercises):
            if exercise.track == "calf" and exercise.id not in listed:
                raise RuleViolation(("exercises", index, "id"), f"no program's stage lists {exercise.id!r}")

        for index, exercise in enumerate(self.exercises):
            target = self.get(exercise.progresses_to) if exercise.progresses_to else None
            if exercise.progresses_to and (target is None or target.track != exercise.track or target is exercise):
                raise RuleViolation(
                    ("exercises", index, "progresses_to"),
                    f"{exercise.progresses_to!r} is not another {exercise.track} exercise",
                )

        for index, exercise in enumerate(self.exercises):
            stand_in = self.get(exercise.substitute.exercise_id) if exercise.substitute else None
            if exercise.substitute and (
                stand_in is None or stand_in.track != exercise.track or set(stand_in.needs) & set(exercise.needs)
            ):
                raise RuleViolation(
                    ("exercises", index, "substitute", "exercise_id"),
                    f"{exercise.substitute.exercise_id!r} is not another {exercise.track} exercise "
                    "that does without what this one needs",
                )

        for index, exercise in enumerate(self.exercises):
            spare = self.get(exercise.on_flare_morning.exercise_id) if exercise.on_flare_morning else None
            if exercise.on_flare_morning and (
                spare is None or spare.track != exercise.track or spare.on_flare_morning or spare.needs
            ):
                raise RuleViolation(
                    ("exercises", index, "on_flare_morning", "exercise_id"),
                    f"{exercise.on_flare_morning.exercise_id!r} is not another {exercise.track} exercise that needs "
                    "nothing and spares the heel itself",
                )

        for side in ("one_side", "both_sides"):
            for position, exercise_id in enumerate(getattr(self.hip_track, side).exercises):
                exercise = self.get(exercise_id)
                if exercise is None or exercise.track != "hip":
                    raise RuleViolation(("hip_track", side, "exercises", position),
                                        f"{exercise_id!r} is not a hip exercise")
        return self

    def _check_stages(self, where: Loc, program: Program) -> None:
        for index, stage in enumerate(program.stages):
            if stage.number != index + 1:
                raise RuleViolation((*where, index, "number"), f"must be {index + 1}: stages are numbered in order")
            needed_kind = STAGE_DOSE_KIND[stage.dose_rule.kind]
            for position, exercise_id in enumerate(stage.exercise_ids):
                loc = (*where, index, "exercise_ids", position)
                exercise = self.get(exercise_id)
                if exercise is None:
                    raise RuleViolation(loc, f"unknown exercise {exercise_id!r}")
                if exercise.track != "calf":
                    raise RuleViolation(loc, f"{exercise_id!r} is not a calf exercise")
                if program.id == DEFAULT_PROGRAM and exercise.stage != stage.number:
                    raise RuleViolation(loc, f"{exercise_id!r} is not a stage {stage.number} calf exercise")
                if exercise.dose_kind != needed_kind:
                    raise RuleViolation(
                        loc,
                        f"{exercise_id!r} uses {exercise.dose_kind};"
                        f" a {stage.dose_rule.kind} stage needs {needed_kind}",
                    )
            rule = stage.dose_rule
            if isinstance(rule, SetsRule) and rule.exercise_ids != stage.exercise_ids:
                raise RuleViolation((*where, index, "dose_rule", "doses"), "must give a dose for each of exercise_ids")
            supported = self.get(stage.supported) if stage.supported else None
            if stage.supported and (supported is None or supported.track != "calf"
                                    or supported.dose_kind != "hold_seconds" or rule.kind != "isometric"):
                raise RuleViolation((*where, index, "supported"),
                                    f"{stage.supported!r} is not a calf hold of a hold stage")
            between = stage.pacing.between_days
            if between is not None:
                held = self.get(between.exercise_id)
                if held is None or held.track != "calf" or held.dose_kind != "hold_seconds":
                    raise RuleViolation(
                        (*where, index, "pacing", "between_days", "exercise_id"),
                        f"{between.exercise_id!r} is not a calf hold exercise",
                    )


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (default: the one shipped next to this module)."""
    return load_yaml(path or DEFAULT_PATH, Catalogue)


def load_yaml(path: Path, model: type[M]) -> M:
    """Read a YAML data file into ``model``; any problem is a CatalogueError naming its line."""
    text = path.read_text(encoding="utf-8")
    try:
        # Nodes keep line numbers for error messages; plain data feeds pydantic.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise CatalogueError(path, mark.line + 1 if mark else 1, "yaml syntax", reason) from error
    if root is None:
        raise CatalogueError(path, 1, "catalogue", "file is empty")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        loc, reason = _first_problem(error)
        line, field = _locate(root, loc)
        raise CatalogueError(path, line, field, reason) from error


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue()


def _first_problem(error: ValidationError) -> tuple[Loc, str]:
    detail = error.errors()[0]
    cause = detail.get("ctx", {}).get("error")
    if isinstance(cause, RuleViolation):
        return (*detail["loc"], *cause.loc), str(cause)
    if detail["type"] == "literal_error":
        allowed = detail["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return detail["loc"], f"must be one of {allowed} (got {detail['input']!r})"
    return detail["loc"], detail["msg"]


def _locate(root: yaml.Node, loc: Loc) -> tuple[int, str]:
    """The 1-based line and the field path (`exercises[3].dose_kind`) of `loc` in the file.

    A key absent from the file (a missing field) is reported at its parent's line. pydantic
    also puts a tagged union's tag (e.g. "isometric") into `loc`; it names no YAML key, so
    any part that is not found and is not last is skipped.
    """
    node, path = root, ""
    for position, part in enumerate(loc):
        child = _child(node, part)
        if child is None and position < len(loc) - 1:
            continue
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, path or "catalogue"


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        return next((value for key, value in node.value if key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
