"""200% text (the browser's text size setting) on a 390 px phone: every screen reflows, nothing
scrolls sideways, and rows of choice buttons (the 0-10 pain scale, sides, efforts, expiry)
wrap onto more rows while staying thumb-sized."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .browser import (
    DAY,
    calf_holds,
    check_in,
    choose,
    console_errors,
    go_to,
    log_set,
    page_width,
    patient_today,
    screenshot,
    seed_checkin,
    seed_session,
    sign_up_through_api,
    zoom_text,
)

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 390


def assert_thumb_sized(choices: Locator) -> None:
    """Every button of the choice groups on the page is at least 44 x 44 px."""
    boxes = [choice.bounding_box() for choice in choices.all()]
    assert boxes, "no choice buttons on this screen"
    small = [box for box in boxes if box["width"] < 44 or box["height"] < 44]
    assert small == [], f"choice buttons under 44 px: {small}"


def rows_of(group: Locator) -> int:
    """How many rows a choice group's buttons take."""
    return len({round(choice.bounding_box()["y"]) for choice in group.locator("label.choice").all()})


def test_every_screen_reflows_at_200_percent_text(page: Page) -> None:
    zoom_text(page, 200)
    errors = console_errors(page)
    sign_up_through_api(page)
    # A few days of history, one session too painful: plan changes and a flagged session to show
    today = patient_today(page)
    for days_ago in (3, 2, 1):
        seed_checkin(page, today - days_ago * DAY, morning_pain=2)
        seed_session(page, today - days_ago * DAY, calf_holds(pain=7 if days_ago == 2 else 2))

    # Today, with its check-in form: the 0-10 scale wraps onto more rows than its usual two
    page.goto("/")
    expect(page.get_by_role("heading", name="Check in first")).to_be_visible()
    scale = page.get_by_role("group", name="First-steps pain")
    expect(scale.get_by_role("radio")).to_have_count(11)
    assert page_width(page) <= PHONE_WIDTH
    assert rows_of(scale) > 2
    assert_thumb_sized(page.locator("label.choice"))
    screenshot(page, "today-check-in-200-percent-text", show=scale)
    check_in(page, pain=10)  # the last button of the wrapped scale
    assert page_width(page) <= PHONE_WIDTH  # Today's plan

    # Log: a set form (side, pain, settled, effort), amount and load fields
    go_to(page, "Log")
    page.get_by_role("button", name=re.compile(r"^Band hip side step")).click()
    expect(page.get_by_role("group", name="Pain during this set")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    assert_thumb_sized(page.locator("label.choice"))
    screenshot(page, "log-set-200-percent-text", show=page.get_by_role("group", name="Side"))
    choose(page, "Effort (optional)", "About right")
    log_set(page, pain=2, set_number=1)
    expect(page.get_by_role("heading", name="Today's sets (1)")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH

    # Profile: its choice groups, the account's email, the clinician settings
    page.goto("/profile")
    expect(page.get_by_role("group", name="Which heel hurts?")).to_be_visible()
    page.get_by_text("Show the settings").click()
    expect(page.get_by_label("Tolerated sessions in a row to move on")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    assert_thumb_sized(page.locator("label.choice"))
    screenshot(page, "profile-200-percent-text", show=page.get_by_role("group", name="Which heel hurts?"))

    # Share: the form, a new link's card, the list of links and the downloads
    page.get_by_role("link", name="Share with your clinician").click()
    expect(page.get_by_role("heading", name="Share with your clinician")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    assert_thumb_sized(page.locator("label.choice"))
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", name="Your new link")).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    link = page.get_by_label("Link to send").input_value()
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("region", name="Your links").get_by_role("listitem")).to_have_count(1)
    assert page_width(page) <= PHONE_WIDTH
    screenshot(page, "share-200-percent-text", show=page.get_by_role("button", name="Download PDF"))

    # The other screens, once they show what they load
    for path, loaded in [
        ("/checkin", page.get_by_role("button", name="Update check-in")),
        ("/history", page.locator(".history-day").first),
        ("/sync", page.get_by_role("heading", name="Sync", exact=True)),
    ]:
        page.goto(path)
        expect(loaded).to_be_visible()
        assert page_width(page) <= PHONE_WIDTH, f"{path} scrolls sideways"

    # The clinician's summary, on a phone: the date goes above each flagged session and change
    page.goto(link)
    expect(page.get_by_role("heading", name=re.compile(r"^Flagged sessions"))).to_be_visible()
    assert page_width(page) <= PHONE_WIDTH
    screenshot(page, "clinician-200-percent-text", show=page.get_by_role("heading", name=re.compile(r"^Flagged sessions")))
    assert errors == [], f"the browser reported errors: {errors}"
