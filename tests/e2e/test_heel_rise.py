"""The single-leg heel-rise test at the phone (PROTOCOL.md 6): Today says it is due, the test
screen guides both sides in order with a metronome that really ticks and a big count button,
asks pain and height after each side, saves both as one test and shows the result. In a
flare-up it is refused, with the reason and when, and cannot be started."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    DAY,
    LEFT_HEEL_PROFILE,
    UNSAFE,
    choose,
    console_errors,
    patient_today,
    screenshot,
    seed_checkin,
    sign_up_through_api,
)
from .test_accessibility import violations

pytestmark = pytest.mark.e2e

BEAT_AT_LEAST = "n => Number(document.querySelector('[data-beat]').dataset.beat) >= n"
HEIGHT = "Did your heel keep rising about as high as at the start?"


def new_patient(page: Page, days_in: int):
    """A left painful heel, `days_in` days into the program (week 1: a test is due)."""
    sign_up_through_api(page)
    today = patient_today(page)
    profile = {**LEFT_HEEL_PROFILE, "program_start": (today - days_in * DAY).isoformat()}
    assert page.request.put("/api/profile", data=profile, headers=UNSAFE).ok
    return today


def measures(page: Page) -> dict:
    response = page.request.get("/api/measures")
    assert response.ok, response.text()
    return response.json()


def beat(page: Page) -> int:
    return int(page.locator("[data-beat]").get_attribute("data-beat"))


def do_side(page: Page, taps: int) -> None:
    """Starts the beat, checks it ticks about once a second, taps `taps` rises, stops."""
    page.get_by_role("button", name="Start the beat").click()
    page.wait_for_function(BEAT_AT_LEAST, arg=1)
    start = beat(page)
    page.wait_for_function(BEAT_AT_LEAST, arg=start + 2, timeout=3_500)  # 60 a minute: 2 more within 3.5 s
    assert beat(page) - start <= 3  # ...and not faster
    count = page.get_by_role("button", name=re.compile("Count a rise"))
    box = count.bounding_box()
    assert box["height"] >= 120 and box["width"] >= 300  # the biggest target, for a thumb
    for _ in range(taps):
        count.tap()
    expect(count).to_contain_text(str(taps))


def test_a_patient_does_the_heel_rise_test_with_the_metronome(page: Page) -> None:
    errors = console_errors(page)
    today = new_patient(page, days_in=2)
    assert measures(page)["heel_rise"]["offer"]["offered"]

    page.goto("/")
    due = page.get_by_role("region", name="Heel-rise test due")
    expect(due).to_be_visible()
    screenshot(page, "heel-rise-today-due", show=due)
    due.get_by_role("link", name="Start the heel-rise test").click()

    # How it goes: the figure, the steps, the stop rules, the order (the other side first)
    expect(page.get_by_role("heading", name="Heel-rise test", exact=True)).to_be_visible()
    how = page.get_by_role("region", name="How the test goes")
    expect(how.get_by_role("img")).to_be_visible()
    expect(how).to_contain_text("Keep the knee straight")
    expect(how).to_contain_text("you need more than your fingertips on the wall")
    expect(how).to_contain_text("Your right leg first")
    screenshot(page, "heel-rise-intro")
    assert violations(page) == []
    how.get_by_role("button", name="Start with your right leg").click()

    # The other side: the metronome, twelve rises tapped, then pain and height
    run = page.get_by_role("region", name="Right leg")
    expect(run).to_contain_text("Stop when")
    do_side(page, taps=12)
    expect(page.locator(".beat-word")).to_have_text(re.compile("^(Up|Down)$"))
    screenshot(page, "heel-rise-counting")
    assert violations(page) == []
    page.get_by_role("button", name="Stop: I'm done").click()
    expect(page.get_by_label("Rises")).to_have_value("12")
    choose(page, "Pain during the test", "0")
    choose(page, HEIGHT, "Yes")
    page.get_by_role("button", name="Next: your left leg").click()

    # The painful side: a helper counted one more than the taps
    expect(page.get_by_role("region", name="Left leg (painful)")).to_be_visible()
    do_side(page, taps=9)
    page.get_by_role("button", name="Stop: I'm done").click()
    page.get_by_label("Rises").fill("10")
    choose(page, "Pain during the test", "3")
    choose(page, HEIGHT, "Not sure")
    screenshot(page, "heel-rise-answers")
    assert violations(page) == []
    page.get_by_role("button", name="Save the test").click()

    result = page.get_by_role("region", name="Heel-rise test saved")
    expect(result).to_contain_text(re.compile(r"Right leg\s*12\s*rises"))
    expect(result).to_contain_text(re.compile(r"Left leg \(painful\)\s*10\s*rises"))
    expect(result).to_contain_text("Symmetry 83%")
    screenshot(page, "heel-rise-result")
    assert violations(page) == []

    tests = measures(page)["heel_rise"]["tests"]
    assert len(tests) == 1
    assert tests[0]["local_date"] == today.isoformat()
    assert [(s["side"], s["count"], s["pain"], s["height_held"]) for s in tests[0]["sides"]] == [
        ("right", 12, 0, True), ("left", 10, 3, None)]
    assert tests[0]["symmetry"] == 83

    # Back on Today the test is no longer asked for
    result.get_by_role("link", name="Back to Today").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Heel-rise test due")).to_have_count(0)
    assert errors == []


def test_in_a_flare_up_the_test_is_refused_with_its_reason(page: Page) -> None:
    errors = console_errors(page)
    today = new_patient(page, days_in=5)
    # Calm mornings, then yesterday's jumped by 3: a flare-up.
    for days_ago in range(5, 1, -1):
        seed_checkin(page, today - days_ago * DAY, morning_pain=2)
    seed_checkin(page, today - DAY, morning_pain=5)
    offer = measures(page)["heel_rise"]["offer"]
    assert not offer["offered"], offer
    assert "flare" in offer["not_now"].lower()

    page.goto("/")
    card = page.get_by_role("region", name="Heel-rise test: not today")
    expect(card).to_contain_text(offer["not_now"])
    expect(card.get_by_role("link", name="Start the heel-rise test")).to_have_count(0)
    screenshot(page, "heel-rise-today-flare", show=card)

    page.goto("/heel-rise")
    refusal = page.get_by_role("region", name="Not today")
    expect(refusal).to_contain_text(offer["not_now"])
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_have_count(0)
    screenshot(page, "heel-rise-refused")
    assert violations(page) == []
    assert errors == []
