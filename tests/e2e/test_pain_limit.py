"""A clinician lowers the patient's pain limit during exercise to 4: every screen that speaks of
it says 4, never the default 5 (the pain scale's hint and warning after a set typed by hand and
after the hold timer, the exercise's cue, the set lists of Log and History, Today's reasons and
Progress's rules; Sync's fix form: test_offline.py)."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    DAY,
    UNSAFE,
    calf_holds,
    choose,
    console_errors,
    patient_today,
    screenshot,
    seed_checkin,
    seed_session,
    sign_up_through_api,
)

pytestmark = pytest.mark.e2e


def lower_the_limit_to_4(page: Page) -> None:
    thresholds = page.request.get("/api/profile/thresholds").json() | {"pain_limit": 4}
    assert page.request.put("/api/profile/thresholds", data=thresholds, headers=UNSAFE).ok


def test_a_pain_limit_of_4_is_said_on_every_screen(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    lower_the_limit_to_4(page)
    errors = console_errors(page)

    # A set typed by hand: the hint, the warning from 5 (not 6), the set list's high-pain badge.
    page.goto("/log?exercise=split-squat")
    expect(page.get_by_text("Up to 4 is fine during exercise.")).to_be_visible()
    choose(page, "Pain during this set", "4")
    expect(page.get_by_text(re.compile("more than this exercise should cause"))).to_have_count(0)
    choose(page, "Pain during this set", "5")
    expect(page.get_by_text("Pain above 4 is more than this exercise should cause.", exact=False)).to_be_visible()
    screenshot(page, "pain-limit-4-set-form", show=page.locator("form"))
    page.get_by_role("button", name="Save set").click()
    expect(page.locator(".set-item").first.locator(".pain-badge.is-high")).to_have_text("Pain 5/10")
    expect(page.get_by_text("Up to 5 is fine")).to_have_count(0)
    # History's set list marks it the same way.
    page.goto("/history")
    page.locator(".history-day summary").first.click()
    expect(page.locator(".history-day .set-item").first.locator(".pain-badge.is-high")).to_have_text("Pain 5/10")

    # The hold timer's last step asks the pain with the same limit; the cue says it too.
    page.goto("/log?exercise=calf-iso-double")
    expect(page.get_by_text("An ache up to 4/10 is fine. Stop at 5.").first).to_be_attached()
    timer = page.get_by_role("region", name="Hold timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.fast_forward(3_000)
    for _ in range(5):  # three holds and the two rests between
        page.clock.fast_forward("00:30")
    expect(timer.get_by_role("heading", name="All 3 holds done")).to_be_visible()
    expect(timer.get_by_text("Up to 4 is fine during exercise.")).to_be_visible()
    choose(page, "Pain during the exercise", "5")
    expect(timer.get_by_text("Pain above 4 is more than this exercise should cause.", exact=False)).to_be_visible()

    # Progress says the patient's rules; Today's reason for the calf dose names the limit.
    page.goto("/progress")
    page.get_by_role("heading", name="How your plan changes").click()
    expect(page.get_by_text("Pain up to 4/10 during exercise is fine", exact=False)).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Pain up to 4/10 during is fine", exact=False).first).to_be_visible()
    assert errors == [], f"the browser reported errors: {errors}"


def test_a_session_at_5_is_flagged_against_the_limit_of_4_and_today_says_so(page: Page) -> None:
    sign_up_through_api(page)
    lower_the_limit_to_4(page)
    today = patient_today(page)
    seed_checkin(page, today - DAY, 2)
    seed_session(page, today - DAY, calf_holds(pain=5))
    seed_checkin(page, today, 2)
    page.goto("/")
    expect(page.get_by_text("pain went above 4/10", exact=False).first).to_be_visible()
    expect(page.get_by_text("above 5/10")).to_have_count(0)
    screenshot(page, "pain-limit-4-today")
