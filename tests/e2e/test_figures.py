"""Exercise demonstrations: every catalogue exercise shows a figure drawn from its poses, at a
phone's size, with a text alternative; it moves at the exercise's tempo, shows the key poses
side by side for anyone who prefers reduced motion, and "How to do it" opens the first time.
On a 390 px phone every exercise's arrow joint moves at least 12 px as drawn (a rising heel in
the magnified close-up of the foot), and a caption shows once the figure has reached its pose."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from heelstrong.catalogue.loader import get_catalogue

from .browser import SCREENS, sign_up_through_api

pytestmark = pytest.mark.e2e

EXERCISES = [exercise.id for exercise in get_catalogue().exercises]


def open_guide(page: Page, exercise_id: str):
    page.goto(f"/log?exercise={exercise_id}")
    guide = page.locator("details.guide")
    expect(guide).to_be_visible()
    return guide


def drawn(figure) -> str:
    """What the figure draws right now: the path data of its limbs."""
    return " ".join(figure.locator("svg path.fig-limb").evaluate_all("paths => paths.map(p => p.getAttribute('d'))"))


def test_every_exercise_has_a_moving_figure_and_its_key_poses_side_by_side(page: Page) -> None:
    assert page.viewport_size == {"width": 390, "height": 844}
    page.clock.install()
    sign_up_through_api(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    catalogue = get_catalogue()
    for exercise_id in EXERCISES:
        demo = catalogue.get(exercise_id).demo
        page.emulate_media(reduced_motion="no-preference")
        guide = open_guide(page, exercise_id)
        # The first time this phone shows the exercise, "How to do it" is open
        expect(guide).to_have_attribute("open", "")
        figure = guide.get_by_role("img")
        expect(figure).to_have_count(1)
        label = figure.get_attribute("aria-label")
        assert label and len(label) > 40 and "{" not in label, (exercise_id, label)
        expect(figure.locator(":scope > svg")).to_have_count(1)

        # It moves: the drawn pose a second later is another one
        before = drawn(figure)
        page.clock.run_for(1000)
        after = drawn(figure)
        assert before and after != before, f"{exercise_id}: the figure did not move in 1 s"

        # Reduced motion: the key poses side by side, numbered, none moving
        # (set before the page loads: with the clock installed no frame runs, so no change event)
        page.emulate_media(reduced_motion="reduce")
        guide = open_guide(page, exercise_id)
        if guide.get_attribute("open") is None:  # seen before: folded when it has a timer
            guide.locator("summary").click()
        figure = guide.get_by_role("img")
        panels = figure.locator("li > svg")
        expect(panels).to_have_count(len(demo.keyframes))
        boxes = [panels.nth(i).bounding_box() for i in range(len(demo.keyframes))]
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] / 2, exercise_id
        assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes), exercise_id
        still = drawn(figure)
        page.clock.run_for(1500)
        assert drawn(figure) == still, f"{exercise_id}: the key poses move under reduced motion"
        expect(figure).to_have_attribute("aria-label", label)
        for keyframe in demo.keyframes:
            expect(figure.get_by_text(keyframe.label, exact=True)).to_be_visible()
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=SCREENS / f"figure-{exercise_id}.png")


# Where a joint of a pose is on screen, in CSS px: the close-up when the joint is inside it in
# both poses (and the demo has one), else the figure itself.
ON_SCREEN = """(panel, [joint, from, to, closeup]) => {
  const inside = (p) => closeup && p[0] >= closeup[0] && p[0] <= closeup[0] + closeup[2]
    && p[1] >= closeup[1] && p[1] <= closeup[1] + closeup[3];
  const svg = panel.querySelector(inside(from) && inside(to) ? 'svg.fig-closeup' : 'svg.fig-main');
  const ctm = svg.getScreenCTM();
  const at = ([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(ctm); return [p.x, p.y]; };
  const [a, b] = [at(from), at(to)];
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}"""
LEAST_PX = 12
LADDER = ["calf-iso-double", "calf-iso-seated", "calf-iso-single", "calf-raise-double-slow", "calf-raise-2up1down",
          "calf-raise-single"]


def whole_poses(demo) -> list[dict[str, tuple[float, float]]]:
    pose: dict[str, tuple[float, float]] = {}
    poses = []
    for keyframe in demo.keyframes:
        pose = {**pose, **keyframe.pose}
        poses.append(pose)
    return poses


def test_every_arrow_joint_moves_at_least_12_px_on_a_phone(page: Page) -> None:
    """Measured on the drawn key poses at 390 px (the smaller way a figure is drawn), and a strip
    of the calf ladder's key poses side by side saved to look at."""
    assert page.viewport_size == {"width": 390, "height": 844}
    page.clock.install()
    page.emulate_media(reduced_motion="reduce")
    sign_up_through_api(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    catalogue = get_catalogue()
    small = {}
    for exercise_id in EXERCISES:
        demo = catalogue.get(exercise_id).demo
        guide = open_guide(page, exercise_id)
        if guide.get_attribute("open") is None:
            guide.locator("summary").click()
        figure = guide.get_by_role("img")
        panels = figure.locator("li")
        expect(panels).to_have_count(len(demo.keyframes))
        poses = whole_poses(demo)
        closeup = list(demo.closeup.view) if demo.closeup else None
        moved = []
        for i, keyframe in enumerate(demo.keyframes):
            if keyframe.arrow:
                after = poses[(i + 1) % len(poses)]
                args = [keyframe.arrow, poses[i][keyframe.arrow], after[keyframe.arrow], closeup]
                moved.append(panels.nth(i).evaluate(ON_SCREEN, args))
        if max(moved) < LEAST_PX:
            small[exercise_id] = round(max(moved), 1)
        if demo.closeup and demo.closeup.mark:
            expect(guide.locator(".figure-mark")).to_have_text(demo.closeup.mark)
            expect(figure.locator("path.fig-mark")).to_have_count(len(demo.keyframes))
        if exercise_id in LADDER:
            # the key poses in one row, each as wide as on the phone
            width = panels.first.bounding_box()["width"]
            steps = figure.locator("ol")
            steps.evaluate(f"ol => {{ ol.style.gridTemplateColumns = 'repeat({len(poses)}, {width}px)';"
                           " ol.style.width = 'max-content';"
                           " ol.style.background = getComputedStyle(ol.parentElement).backgroundColor;"
                           " ol.scrollIntoView({block: 'center'}); }")  # clear of the tab bar
            steps.screenshot(path=SCREENS / f"figure-strip-{exercise_id}.png")
    assert small == {}, f"arrow joints moving less than {LEAST_PX} px at 390 px: {small}"


def test_a_caption_shows_once_the_figure_reaches_its_pose(page: Page) -> None:
    """Single-leg raise: down over 5 s (then 0.5 s still), up in 1.5 s (then 0.5 s still). On the
    way up the caption still says the heel is down; it says up high only once the heel is up."""
    page.clock.install()
    sign_up_through_api(page)
    demo = get_catalogue().get("calf-raise-single").demo
    down, up = (keyframe.label for keyframe in demo.keyframes)
    guide = open_guide(page, "calf-raise-single")
    page.clock.pause_at(datetime.now(UTC) + timedelta(minutes=5))  # time now moves only when told
    # start the movement afresh from here
    guide.get_by_role("button", name="Show the steps").click()
    guide.get_by_role("button", name="Play the movement").click()
    caption = guide.locator(".figure-now")
    near_leg = "f => f.querySelector('svg.fig-main path.fig-near').getAttribute('d')"
    page.clock.run_for(100)
    expect(caption).to_have_text(up)  # the loop starts on the way down from up high
    page.clock.run_for(5300)  # 5.4 s: down, holding
    expect(caption).to_have_text(down)
    page.clock.run_for(700)  # 6.1 s: on the way up
    expect(caption).to_have_text(down)
    rising = guide.get_by_role("img").evaluate(near_leg)
    page.clock.run_for(1100)  # 7.2 s: up high, holding
    expect(caption).to_have_text(up)
    assert guide.get_by_role("img").evaluate(near_leg) != rising


def test_how_to_do_it_opens_the_first_time_with_a_visible_marker(page: Page) -> None:
    sign_up_through_api(page)
    guide = open_guide(page, "calf-iso-double")  # has a timer: not open on later visits
    expect(guide).to_have_attribute("open", "")
    summary = guide.locator("summary")
    marker = summary.evaluate(
        "s => { const m = getComputedStyle(s, '::before'); return [m.content, m.width, m.borderRightStyle]; }"
    )
    assert marker[0] != "none" and marker[1] != "0px" and marker[2] == "solid", marker
    expect(guide.get_by_role("img")).to_have_attribute("aria-label", lambda_contains("half-way"))

    guide = open_guide(page, "calf-iso-double")
    expect(guide).not_to_have_attribute("open", "")
    expect(guide.get_by_role("img")).to_have_count(0)
    summary.click()
    expect(guide.get_by_role("img")).to_be_visible()


def test_the_figure_shows_the_prescribed_side(page: Page) -> None:
    """A left painful heel puts the hip work on the right leg, and the figure says so."""
    sign_up_through_api(page)
    guide = open_guide(page, "calf-raise-single")
    side = page.locator(".dose").inner_text()
    label = guide.get_by_role("img").get_attribute("aria-label")
    if side.startswith("Left"):
        assert "left foot" in label
        assert guide.locator("svg g").first.get_attribute("transform").startswith("matrix(-1")
    else:
        assert "left" not in label


def lambda_contains(text: str):
    import re

    return re.compile(re.escape(text))
