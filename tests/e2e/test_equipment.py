"""Sign-up asks what the patient has at home, and the plan works with it (issue 12, item 2)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import console_errors, go_to, screenshot, sign_up_in_the_app, skip_activities

pytestmark = pytest.mark.e2e


def test_without_a_band_today_offers_stand_ins_and_profile_can_change_the_answer(page: Page):
    errors = console_errors(page)
    sign_up_in_the_app(page)

    # The question must be answered: "None of these" is an answer, no answer is not.
    page.get_by_role("button", name="Start my program").click()
    expect(page.get_by_role("alert")).to_contain_text('Tick what you have at home, or "None of these".')
    equipment = page.get_by_role("group", name="What do you have at home?")
    equipment.get_by_label("None of these").check()
    screenshot(page, "equipment-question", show=equipment)
    page.get_by_role("button", name="Start my program").click()
    skip_activities(page)

    hip = page.get_by_role("region", name="Hip and glute")
    expect(hip.get_by_role("listitem")).to_have_count(4)
    bridge = hip.get_by_role("listitem").filter(has_text="Glute bridge")
    expect(bridge).to_contain_text("Both legs · 3 x 10")
    expect(hip.get_by_role("listitem").filter(has_text="Side-lying hamstring curl")).to_contain_text("Left leg")
    expect(hip).not_to_contain_text("Band hip extension")
    side_step = hip.get_by_role("listitem").filter(has_text="Band hip side step")
    expect(side_step).to_contain_text("Needs a resistance band")
    screenshot(page, "today-without-a-band", show=side_step)

    # A band bought: Profile says so, and the plan goes back to the band exercises.
    go_to(page, "Profile")
    equipment = page.get_by_role("group", name="What do you have at home?")
    expect(equipment.get_by_label("None of these")).to_be_checked()
    equipment.get_by_label(re.compile("^A resistance band")).check()
    expect(equipment.get_by_label("None of these")).not_to_be_checked()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    go_to(page, "Today")
    hip = page.get_by_role("region", name="Hip and glute")
    expect(hip).to_contain_text("Band hip extension")
    expect(hip).not_to_contain_text("Needs a resistance band")
    assert errors == []
