"""Steps the browser tests share: picking choices, moving between tabs, screenshots."""

import re
import uuid
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
PASSWORD = "heel-strong-2024"


def screenshot(page: Page, name: str, show: Locator | None = None) -> None:
    """What the patient sees on the phone's screen, scrolled to `show` if given."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    if show is not None:
        show.scroll_into_view_if_needed()
    page.screenshot(path=SCREENS / f"{name}.png")


def choose(page: Page, group: str, option: str | re.Pattern) -> None:
    """Pick an option in a labelled choice group (pain scale, side, yes/no...)."""
    page.get_by_role("group", name=group).get_by_role("radio", name=option, exact=True).check()


def go_to(page: Page, tab: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=tab).click()


def log_set(page: Page, pain: int, set_number: int) -> None:
    choose(page, "Pain during this set", str(pain))
    choose(page, "Did the pain settle within a few minutes?", "Yes")
    page.get_by_role("button", name="Save set").click()
    expect(page.get_by_role("status")).to_contain_text(f"Set {set_number} saved")


UNSAFE = {"X-Heelstrong-CSRF": "1"}
LEFT_HEEL_PROFILE = {
    "painful_side": "left",
    "condition": "achilles_midportion",
    "program_start": "2024-01-01",
    "timezone": "UTC",
}


def sign_up_through_api(page: Page, with_profile: bool = True) -> None:
    """A signed-in patient (with a left painful heel unless `with_profile` is false), made
    without clicking through sign-up; the page's context holds the session cookie."""
    account = {"email": f"patient-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    assert page.request.post("/api/auth/register", data=account, headers=UNSAFE).ok
    if with_profile:
        set_profile_through_api(page)


def set_profile_through_api(page: Page) -> None:
    assert page.request.put("/api/profile", data=LEFT_HEEL_PROFILE, headers=UNSAFE).ok
