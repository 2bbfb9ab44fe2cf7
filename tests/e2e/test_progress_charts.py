"""Progress: pain, calf stage, adherence and volume charts drawn by uPlot from three weeks of
history, with the same data in words, at a phone's width, light and dark."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    DAY,
    band_side_steps,
    calf_holds,
    choose,
    console_errors,
    go_to,
    page_width,
    patient_today,
    screenshot,
    seed_checkin,
    seed_session,
    sign_up_through_api,
    zoom_text,
)

pytestmark = pytest.mark.e2e


def seed_three_weeks(page: Page) -> dt.date:
    """Three weeks of mornings easing from 5 to 2 and calf holds at the top of stage 1's dose
    (5 x 45 s) on all but one day a week, hip work every third day: after one flagged session
    (pain 7) the patient tolerates twelve in a row and moves on to stage 2; a later session
    at 6/10 is flagged again. Returns the patient's today."""
    today = patient_today(page)
    hips = band_side_steps(reps=12)
    for days_ago in range(21, 0, -1):
        day = today - days_ago * DAY
        seed_checkin(page, day, morning_pain=max(2, 5 - (21 - days_ago) // 5))
        if days_ago % 7 == 3:
            continue  # a rest day each week
        pain = {19: 7, 2: 6}.get(days_ago, 2)
        holds = [{**hold, "hold_seconds": 45} for hold in calf_holds(pain=pain, holds=5)]
        seed_session(page, day, holds + (hips if days_ago % 3 == 0 else []))
    # Asking for today's plan lets the engine count those days (and move the stage on).
    assert page.request.get("/api/today").ok
    return today


def chart_points(page: Page) -> dict[str, int]:
    boxes = page.locator(".chart-box[data-points]")
    expect(boxes).to_have_count(4)
    return {box.get_attribute("data-chart"): int(box.get_attribute("data-points")) for box in boxes.all()}


def expected_points(progress: dict) -> dict[str, int]:
    stage_days = {point["local_date"] for point in progress["stage"]}
    held_to_the_end = progress["stage"][-1]["local_date"] < progress["end"]
    return {
        "pain": len(progress["pain"]),
        "stage": len(stage_days) + held_to_the_end,
        "adherence": len(progress["weeks"]),
        "volume": len(progress["weeks"]),
    }


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_progress_charts_from_three_weeks_of_history(page: Page, color_scheme: str) -> None:
    page.emulate_media(color_scheme=color_scheme)
    errors = console_errors(page)
    sign_up_through_api(page)
    today = seed_three_weeks(page)
    four_weeks = page.request.get("/api/progress").json()
    assert len(four_weeks["pain"]) == 21 and len(four_weeks["weeks"]) == 4

    page.goto("/")
    go_to(page, "Progress")
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    charts = page.get_by_role("region", name="Your progress")
    expect(charts.get_by_role("radio", name="4 weeks")).to_be_checked()
    assert chart_points(page) == expected_points(four_weeks)
    expect(charts.locator("canvas")).to_have_count(4)
    story = page.get_by_role("list", name="In short")
    expect(story.get_by_role("listitem")).to_have_count(5)
    expect(story).to_contain_text("over 21 check-ins")

    # Each chart: a name, its numbers in words for screen readers, the canvas hidden from them
    for name, words in [
        ("Pain, 0 to 10", "Morning pain on 21 days"),
        ("Calf ladder stage", "Stage 1 at the start"),
        ("Sessions per week", "planned sessions done over 4 weeks"),
        ("Exercise per week", "minutes of holds"),
    ]:
        figure = charts.get_by_role("figure", name=name)
        expect(figure).to_have_accessible_description(re.compile(words))
    assert charts.locator("canvas").evaluate_all("cs => cs.every(c => c.closest('[aria-hidden=true]'))")

    # Fits a 390 px phone: no chart wider than its card, nothing scrolls sideways
    assert page_width(page) <= 390
    card_width = charts.bounding_box()["width"]
    for box in page.locator(".chart-box").all():
        assert box.bounding_box()["width"] <= card_width
    screenshot(page, f"progress-charts-{color_scheme}", show=charts.get_by_role("figure", name="Pain, 0 to 10"))
    screenshot(page, f"progress-charts-{color_scheme}-weekly", show=charts.get_by_role("figure", name="Exercise per week"))

    # Twelve weeks: the same charts over a longer period
    choose(page, "Period", "12 weeks")
    expect(page.locator('.chart-box[data-chart="adherence"]')).to_have_attribute("data-points", "12")
    from_day = (today - 83 * DAY).isoformat()
    twelve_weeks = page.request.get(f"/api/progress?from={from_day}&to={today.isoformat()}").json()
    assert chart_points(page) == expected_points(twelve_weeks)
    assert errors == []


LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
}).observe({ type: 'layout-shift', buffered: true });
"""


def test_progress_holds_still_works_at_200_percent_text_and_by_keyboard(page: Page) -> None:
    zoom_text(page, 200)  # the root font size doubles, as the browser's text size setting does
    page.add_init_script(LAYOUT_SHIFTS)
    sign_up_through_api(page)
    today = patient_today(page)
    for days_ago in range(6, 0, -1):
        seed_checkin(page, today - days_ago * DAY, morning_pain=4 - days_ago % 3)
        seed_session(page, today - days_ago * DAY, calf_holds(pain=3))
    page.goto("/progress")
    expect(page.locator(".chart-box[data-points]")).to_have_count(4)
    assert page_width(page) <= 390  # nothing scrolls sideways
    pain_box = page.locator('.chart-box[data-chart="pain"]')
    assert pain_box.bounding_box()["height"] >= 300  # the chart grows with the text
    screenshot(page, "progress-charts-200-percent-text", show=page.get_by_role("figure", name="Pain, 0 to 10"))
    # The charts' room is kept while uPlot loads and draws: nothing on the page jumps
    expect(page.get_by_role("region", name="Every change, newest first")).to_be_visible()
    assert page.evaluate("window.layoutShift") < 0.01
    for choice in page.locator("label.choice").all():  # thumb-sized, even with big text
        assert choice.bounding_box()["height"] >= 44

    # The period is one radio group: Tab to it, arrows to choose
    four_weeks = page.get_by_role("radio", name="4 weeks")
    four_weeks.focus()
    expect(four_weeks).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="12 weeks")).to_be_checked()
    expect(page.locator('.chart-box[data-chart="adherence"]')).to_have_attribute("data-points", "12")
