"""Every demonstration's key poses show what their labels and the instructions say: the knee as
the exercise needs it (straight, unless it is a bent-knee or seated exercise), feet together
when the label says so, a heel up high when it says up or high, half-way when it says half-way.
Checked on the pose data (figure units: a box 100 across, y down, the floor at 95); how big the
movements come out on a phone is checked on the renderer (frontend/tests/figure.test.mjs) and in
Chromium (tests/e2e/test_figures.py)."""

import math
import re

import pytest

from heelstrong.catalogue.loader import Exercise, get_catalogue

Point = tuple[float, float]
EXERCISES = get_catalogue().exercises
CALF = [exercise for exercise in EXERCISES if exercise.track == "calf"]


def poses(exercise: Exercise) -> list[dict[str, Point]]:
    """Each keyframe's whole pose (a keyframe lists only the joints that move)."""
    pose: dict[str, Point] = {}
    whole = []
    for keyframe in exercise.demo.keyframes:
        pose = {**pose, **keyframe.pose}
        whole.append(pose)
    return whole


def knee_angle(pose: dict[str, Point], side: str = "r") -> float:
    """The angle at the knee, hip to knee to ankle: 180 is straight."""
    hip = pose.get(f"{side}_hip", pose["pelvis"])
    knee, ankle = pose[f"{side}_knee"], pose[f"{side}_ankle"]
    a = math.atan2(hip[1] - knee[1], hip[0] - knee[0])
    b = math.atan2(ankle[1] - knee[1], ankle[0] - knee[0])
    angle = abs(math.degrees(a - b)) % 360
    return 360 - angle if angle > 180 else angle


def heel_rise(pose: dict[str, Point], side: str = "r") -> float:
    """How far the heel is up, as a share of the foot's length (the sine of the foot's tilt):
    0 flat, about 0.4 half-way, 0.6 or more up high, below 0 under the ball of the foot."""
    heel, ball = pose[f"{side}_heel"], pose[f"{side}_ball"]
    return (ball[1] - heel[1]) / math.dist(heel, ball)


def foot_off_the_ground(pose: dict[str, Point]) -> bool:
    """The far (other) foot is off the floor or step the working foot stands on."""
    return pose["l_ball"][1] < pose["r_ball"][1] - 2 and pose["l_heel"][1] < pose["r_ball"][1] - 2


def words(label: str) -> set[str]:
    return set(re.findall(r"[a-z-]+", label.lower()))


def knee_rule(exercise: Exercise) -> str:
    """What the knee does in this exercise: bent (the bent-knee and seated ones) or straight."""
    return "bent" if "bent" in exercise.id or "seated" in exercise.id else "straight"


@pytest.mark.parametrize("exercise", CALF, ids=lambda exercise: exercise.id)
def test_every_calf_pose_has_the_knee_the_exercise_needs(exercise: Exercise) -> None:
    rule = knee_rule(exercise)
    for keyframe, pose in zip(exercise.demo.keyframes, poses(exercise), strict=True):
        angle = knee_angle(pose)
        if rule == "straight":
            # straight; the leg press "not locked" may soften it a little
            least = 165 if exercise.id == "calf-raise-leg-press" else 172
            assert angle >= least, f"{exercise.id} '{keyframe.label}': knee at {angle:.0f} degrees, not straight"
        else:
            assert angle <= 150, f"{exercise.id} '{keyframe.label}': knee at {angle:.0f} degrees, not bent"


@pytest.mark.parametrize("exercise", CALF, ids=lambda exercise: exercise.id)
def test_every_calf_exercise_says_what_the_knee_does(exercise: Exercise) -> None:
    said = " ".join(exercise.instructions).lower()
    rule = knee_rule(exercise)
    pattern = r"\bknees? (?:bent|straight)\b|\bstraighten your knees\b"
    found = re.findall(pattern, said)
    assert found, f"{exercise.id}: the instructions never say whether the knee is straight or bent"
    assert all(rule in phrase for phrase in found), f"{exercise.id}: says {found}, the figure shows {rule}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_every_keyframe_shows_what_its_label_says(exercise: Exercise) -> None:
    calf_standing = exercise.track == "calf" and "r_heel" in exercise.demo.keyframes[0].pose
    for keyframe, pose in zip(exercise.demo.keyframes, poses(exercise), strict=True):
        label = keyframe.label.lower()
        said = words(label)
        where = f"{exercise.id} '{keyframe.label}'"
        if "together" in said:
            gap = math.dist(pose["l_ankle"], pose["r_ankle"])
            assert gap <= 5, f"{where}: the ankles are {gap:.1f} apart"
        if "knee straight" in label or "knees straight" in label:
            assert knee_angle(pose) >= 165, where
        if re.search(r"\bknees? bent\b", label):
            assert knee_angle(pose) <= 150, where
        if "big toe up" in label:
            assert pose["r_bigtoe"][1] <= pose["r_toe"][1] - 3, where
        if "other four up" in label:
            assert pose["r_toe"][1] <= pose["r_bigtoe"][1] - 3, where
        if exercise.id == "single-leg-balance" and "up" in said:
            assert pose["l_ankle"][1] <= pose["r_ankle"][1] - 5, where
        if not calf_standing:
            continue
        rise = heel_rise(pose)
        both = "both" in said
        feet = ("r", "l") if both else ("r",)
        if "half-way" in said:
            for side in feet:
                assert 0.25 <= heel_rise(pose, side) <= 0.6, f"{where}: heel rise {heel_rise(pose, side):.2f}"
        elif said & {"up", "high"}:
            for side in feet:
                assert heel_rise(pose, side) >= 0.6, f"{where}: heel rise {heel_rise(pose, side):.2f}, not up high"
        elif "below" in said:
            assert rise <= -0.2, f"{where}: the heel is not below the step ({rise:.2f})"
        elif said & {"down", "touch", "flat", "towel"}:
            # on the floor the heel is down flat; off a step it may be below (a heel drop)
            assert abs(rise) <= 0.05 or (rise < 0 and exercise.range == "below_neutral"), f"{where}: {rise:.2f}"
        if re.search(r"\bone foot\b|\bon one\b|\bother foot\b", label):
            assert foot_off_the_ground(pose), f"{where}: the other foot is on the ground"
        if both:
            assert not foot_off_the_ground(pose), f"{where}: a foot is off the ground"
            if "down" in said:
                assert abs(heel_rise(pose, "l")) <= 0.05, where


@pytest.mark.parametrize("exercise", CALF, ids=lambda exercise: exercise.id)
def test_a_raise_marks_as_high_as_you_can(exercise: Exercise) -> None:
    """A raise "as high as you can" has a close-up of the foot with a line where the heel gets to."""
    said = " ".join(exercise.instructions).lower()
    closeup = exercise.demo.closeup
    if "as high as" in said:
        assert closeup is not None and closeup.mark == "As high as you can", exercise.id
    if "half-way" in said:
        assert closeup is not None and closeup.mark == "Half-way", exercise.id
    if "r_heel" in exercise.demo.keyframes[0].pose:
        assert closeup is not None, f"{exercise.id}: a heel that rises needs the close-up of the foot"
