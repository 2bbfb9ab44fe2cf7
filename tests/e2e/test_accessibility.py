"""axe-core (the frontend's dev dependency) audits every screen, light and dark: labels,
names, roles and AA colour contrast."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .browser import (
    change_outbox_entry,
    choose,
    go_to,
    log_set,
    set_profile_through_api,
    sign_up_through_api,
    stored_entries,
)

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def violations(page: Page) -> list[str]:
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
    page.evaluate(AXE.read_text())
    result = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_screen_passes_axe(page: Page, color_scheme: str) -> None:
    if not AXE.exists():
        pytest.fail("frontend/node_modules/axe-core is missing: run `npm ci` in frontend/")
    page.emulate_media(color_scheme=color_scheme)
    page.clock.install()  # the timers' screens are reached by jumping the clock
    found: dict[str, list[str]] = {}

    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    found["sign in"] = violations(page)

    sign_up_through_api(page, with_profile=False)
    page.goto("/")
    expect(page.get_by_role("heading", name="Set up your program")).to_be_visible()
    found["onboarding"] = violations(page)

    set_profile_through_api(page)
    page.goto("/")
    choose(page, "First-steps pain", "7")
    found["today: check in first"] = violations(page)
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("region", name="Morning check-in")).to_contain_text("First-steps pain 7/10")
    found["today: plan"] = violations(page)

    page.get_by_role("link", name="Change check-in").click()
    expect(page.get_by_role("button", name="Update check-in")).to_be_visible()
    found["check-in"] = violations(page)

    go_to(page, "Today")
    page.get_by_role("link", name="Double-leg calf hold").click()
    timer = page.get_by_role("region", name="Hold timer")
    expect(timer).to_be_visible()  # the Log screen is a chunk of its own: loaded, then checked
    found["log: hold timer"] = violations(page)
    timer.get_by_role("button", name="Start").click()
    page.clock.fast_forward("00:10")
    expect(timer.get_by_role("status")).to_have_text("Hold 1 of 3")
    found["log: hold timer running"] = violations(page)
    page.clock.fast_forward("00:30")
    timer.get_by_role("button", name="Stop here and log what I did").click()
    choose(page, "Pain during the exercise", "6")
    found["log: pain after the timer"] = violations(page)

    page.get_by_role("button", name="Choose another exercise").click()
    page.get_by_role("button", name=re.compile(r"^Slow double-leg calf raise")).click()
    cue = page.get_by_role("region", name="Lowering cue")
    cue.get_by_role("button", name="Start set 1").click()
    page.clock.fast_forward("00:06")
    expect(cue.get_by_text("Down", exact=True)).to_be_visible()
    found["log: lowering cue"] = violations(page)
    cue.get_by_role("button", name="Set done").click()
    expect(page.get_by_label("Reps done in set 1")).to_be_visible()
    found["log: reps done"] = violations(page)

    go_to(page, "Log")
    expect(page.get_by_role("heading", name="Choose an exercise")).to_be_visible()
    found["log: choose"] = violations(page)
    page.get_by_role("button", name=re.compile(r"^Band hip side step")).click()
    choose(page, "Effort (optional)", "Hard")
    log_set(page, pain=6, set_number=1)
    found["log: sets"] = violations(page)

    go_to(page, "History")
    expect(page.locator(".set-item")).to_have_count(1)
    found["history"] = violations(page)

    page.get_by_role("link", name="Plan changes and why").click()
    expect(page.get_by_role("region", name="How your plan changes")).to_be_visible()
    expect(page.locator(".chart-box[data-points]")).to_have_count(4)  # the charts are drawn
    found["progress: charts and plan changes"] = violations(page)

    go_to(page, "Profile")
    page.get_by_text("Show the settings").click()
    expect(page.get_by_label("Tolerated sessions in a row to move on")).to_have_value("2")
    found["profile"] = violations(page)

    # Offline (the page's requests fail): the status line and the Sync screen
    page.context.set_offline(True)
    go_to(page, "Log")
    page.get_by_role("button", name=re.compile(r"^Band hip side step")).click()
    log_set(page, pain=3, set_number=2)
    status = page.get_by_role("complementary", name="Connection and sync")
    expect(status).to_contain_text("1 set waiting to sync.")
    found["offline: waiting to sync"] = violations(page)
    status.get_by_role("link", name="Review").click()
    expect(page.get_by_role("region", name="Waiting to sync").get_by_role("listitem")).to_have_count(1)
    found["sync: waiting"] = violations(page)

    # Back online, the server refuses the entry: shown to fix or discard
    (waiting,) = [entry for entry in stored_entries(page) if entry["kind"] == "set"]
    change_outbox_entry(page, waiting["seq"], {"pain_during": 11})
    page.context.set_offline(False)
    page.reload()  # the app sends what waits when it starts (or on `online`, or on its timer)
    expect(page.get_by_role("region", name=re.compile(r"^Not accepted"))).to_contain_text("Pain during the set can be at most 10/10.")
    found["sync: not accepted"] = violations(page)
    go_to(page, "Today")
    expect(status.get_by_role("alert")).to_contain_text("1 set was not accepted.")
    found["today: not accepted"] = violations(page)

    assert {screen: problems for screen, problems in found.items() if problems} == {}
