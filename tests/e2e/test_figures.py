"""Exercise demonstrations: every catalogue exercise shows a figure drawn from its poses, at a
phone's size, with a text alternative; it moves at the exercise's tempo, shows the key poses
side by side for anyone who prefers reduced motion, and "How to do it" opens the first time."""

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
        expect(figure.locator("svg")).to_have_count(1)

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
        panels = figure.locator("li svg")
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
