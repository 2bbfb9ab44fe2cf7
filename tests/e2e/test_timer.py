"""The timers and logging on a 390 x 844 phone, one-handed: Start on the first screen, a rest
countdown between sets, the settle question only once the settle time has passed (never a
silent yes), "Set done" the biggest button of the lowering cue, values carried from set to
set, and the right words after the last planned set. The clock is Playwright's
(page.clock.install()): the timers and the settle time are reached by jumping it."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .browser import (
    DAY,
    UNSAFE,
    calf_holds,
    choose,
    console_errors,
    patient_today,
    screenshot,
    seed_session,
    sign_up_through_api,
)
from .conftest import PHONE

pytestmark = pytest.mark.e2e

SETTLE_REGION = "Did the pain settle?"


def box(locator: Locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} has no box"
    return found


def assert_on_first_screen(page: Page, target: Locator) -> None:
    """`target` is on the phone's first screen: not scrolled to, not under the tab bar."""
    assert page.evaluate("window.scrollY") == 0, "the screen scrolled"
    bottom_limit = box(page.get_by_role("navigation", name="Main"))["y"]
    found = box(target)
    assert found["y"] >= 0 and found["y"] + found["height"] <= min(bottom_limit, PHONE["height"]), (found, bottom_limit)


def todays_sets(page: Page) -> list[dict]:
    sessions = page.request.get("/api/sessions?limit=5&offset=0").json()["items"]
    today = patient_today(page).isoformat()
    return [s for session in sessions if session["local_date"] == today for s in session["sets"]]


TIMED = {
    "calf-iso-double": ("Hold timer", "Start"),
    "calf-iso-single": ("Hold timer", "Start"),
    "calf-raise-double-slow": ("Lowering cue", "Start set 1"),
    "calf-raise-2up1down": ("Lowering cue", "Start set 1"),
    "calf-raise-single": ("Lowering cue", "Start set 1"),
    "single-leg-balance": ("Hold timer", "Start"),
}


def test_start_is_on_the_first_screen_when_a_timer_opens(page: Page) -> None:
    sign_up_through_api(page)
    errors = console_errors(page)
    # From Today's plan, as a patient gets there (the plan's reason is shown too)
    page.goto("/")
    page.get_by_role("link", name="Double-leg calf hold").click()
    start = page.get_by_role("region", name="Hold timer").get_by_role("button", name="Start")
    expect(start).to_be_visible()
    assert_on_first_screen(page, start)
    screenshot(page, "timer-start-on-first-screen")
    # And every timed exercise opened straight from Log
    for exercise_id, (timer, label) in TIMED.items():
        page.goto(f"/log?exercise={exercise_id}")
        start = page.get_by_role("region", name=timer).get_by_role("button", name=label)
        expect(start).to_be_visible()
        assert_on_first_screen(page, start)
    assert errors == [], f"the browser reported errors: {errors}"


def test_set_done_is_the_biggest_button_of_the_lowering_cue(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    page.goto("/log?exercise=calf-raise-double-slow")
    cue = page.get_by_role("region", name="Lowering cue")
    cue.get_by_role("button", name="Start set 1").click()
    page.clock.fast_forward("00:06")
    expect(cue.get_by_text("Down", exact=True)).to_be_visible()
    done, pause = cue.get_by_role("button", name="Set done"), cue.get_by_role("button", name="Pause")
    done_box, pause_box = box(done), box(pause)
    assert done_box["width"] > pause_box["width"] and done_box["height"] > pause_box["height"], (done_box, pause_box)
    screenshot(page, "lowering-cue-set-done", show=done)
    # Paused, the small button resumes and Set done stays the big one
    pause.click()
    resume = cue.get_by_role("button", name="Resume")
    assert box(done)["width"] > box(resume)["width"]
    resume.click()
    done.click()
    expect(page.get_by_label("Reps done in set 1")).to_be_visible()


def test_hand_entered_sets_rest_between_carry_their_values_and_end_with_the_right_words(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)  # left heel: hip work on the right leg
    page.goto("/log?exercise=hip-abduction-band")
    form = page.locator("form")
    status = form.get_by_role("status")
    expect(page.get_by_role("heading", name="Set 1 of 3")).to_be_visible()
    page.get_by_label("Load, kg (optional)").fill("2.5")
    page.get_by_label("Band (optional)").fill("green")
    choose(page, "Effort (optional)", "Hard")
    choose(page, "Pain during this set", "2")
    # No settle question on a new set: it comes after the settle time
    expect(page.get_by_role("group", name="Did the pain settle within a few minutes?")).to_have_count(0)
    page.get_by_role("button", name="Save set").click()

    # The rest countdown, from the plan's 45 s
    expect(status).to_have_text("Set 1 saved. Rest 45 s, then set 2 of 3.")
    rest = form.get_by_role("timer")
    expect(rest).to_have_text("45")
    page.clock.fast_forward("00:10")
    expect(rest).to_have_text(re.compile(r"^3[45]$"))
    screenshot(page, "log-rest-between-sets", show=rest)
    page.clock.fast_forward("00:36")
    expect(status).to_have_text("Rest over: set 2 of 3 when you are ready.")
    expect(rest).to_have_count(0)

    # Band, load and effort carried over; pain asked afresh
    expect(page.get_by_role("heading", name="Set 2 of 3")).to_be_visible()
    expect(page.get_by_label("Load, kg (optional)")).to_have_value("2.5")
    expect(page.get_by_label("Band (optional)")).to_have_value("green")
    expect(page.get_by_role("group", name="Effort (optional)").get_by_role("radio", name="Hard")).to_be_checked()
    expect(page.get_by_role("group", name="Pain during this set").get_by_role("radio", name="2")).not_to_be_checked()
    choose(page, "Pain during this set", "3")
    page.get_by_role("button", name="Save set").click()
    expect(status).to_have_text("Set 2 saved. Rest 45 s, then set 3 of 3.")
    form.get_by_role("button", name="Skip rest").click()
    expect(status).to_have_text("Rest over: set 3 of 3 when you are ready.")

    # The last planned set: the right words, no rest, and a fourth is an extra
    choose(page, "Pain during this set", "2")
    page.get_by_role("button", name="Save set").click()
    expect(status).to_have_text("Set 3 saved. All 3 planned sets done. Log another if you did more.")
    expect(form.get_by_role("timer")).to_have_count(0)
    expect(page.get_by_role("heading", name="Set 4 (extra)")).to_be_visible()
    screenshot(page, "log-last-planned-set", show=status)

    # Opened again later: the form starts from the last set's band, load and effort
    page.get_by_role("button", name="Choose another exercise").click()
    page.get_by_role("button", name=re.compile(r"^Band hip side step")).click()
    expect(page.get_by_label("Band (optional)")).to_have_value("green")
    expect(page.get_by_label("Load, kg (optional)")).to_have_value("2.5")
    expect(page.get_by_role("group", name="Effort (optional)").get_by_role("radio", name="Hard")).to_be_checked()

    saved = todays_sets(page)
    assert [(s["band"], s["load_kg"], s["effort"], s["settled"]) for s in saved] == [("green", 2.5, "hard", None)] * 3


def test_the_settle_question_comes_after_the_settle_time_never_as_a_silent_yes(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    errors = console_errors(page)
    page.goto("/log?exercise=calf-iso-double")
    timer = page.get_by_role("region", name="Hold timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.fast_forward(3_000)
    expect(timer.get_by_role("status")).to_have_text("Hold 1 of 3")
    ring = timer.locator(".countdown-left").element_handle()
    # The rest between holds counts down, in a ring of its own (the hold's empty one is not refilled
    # by sweeping it backwards)
    page.clock.fast_forward("00:30")
    expect(timer.get_by_role("status")).to_have_text("Rest, then hold 2 of 3")
    assert ring.evaluate("circle => !circle.isConnected")
    expect(timer.get_by_role("timer")).to_have_text(re.compile(r"^(30|29)$"))
    page.clock.fast_forward("00:10")
    expect(timer.get_by_role("timer")).to_have_text(re.compile(r"^(20|19)$"))
    page.clock.fast_forward("00:20")
    for _ in range(3):  # hold 2, the last rest, hold 3
        page.clock.fast_forward("00:30")
    expect(timer.get_by_role("heading", name="All 3 holds done")).to_be_focused()

    # Only the pain during is asked now
    expect(page.get_by_role("group", name="Did the pain settle within a few minutes?")).to_have_count(0)
    expect(timer).to_contain_text("Whether the pain settled is asked 5 minutes after your last set.")
    choose(page, "Pain during the exercise", "2")
    timer.get_by_role("button", name="Save 3 sets").click()
    expect(timer.get_by_role("status")).to_have_text("3 holds saved.")
    assert [s["settled"] for s in todays_sets(page)] == [None] * 3
    expect(page.locator(".set-item").first).to_contain_text("settled: not answered yet")

    # Before the settle time: no question, a line saying when it comes
    prompt = page.get_by_role("region", name=SETTLE_REGION)
    expect(prompt).to_have_count(0)
    waiting = page.locator(".settle-waiting")
    expect(waiting).to_contain_text("In 5 minutes")
    expect(waiting).to_contain_text("Double-leg calf hold")
    page.clock.fast_forward("04:00")
    expect(waiting).to_contain_text("In 1 minute")
    expect(prompt).to_have_count(0)

    # After it: the question, with Yes and No, while the timer screen is still open
    page.clock.fast_forward("01:05")
    expect(prompt).to_be_visible()
    expect(waiting).to_have_count(0)
    group = prompt.get_by_role("group", name=re.compile(r"^Double-leg calf hold: 3 sets, the last at"))
    expect(group.get_by_role("button", name="Yes")).to_be_visible()
    expect(group.get_by_role("button", name="No")).to_be_visible()
    screenshot(page, "log-settle-question", show=prompt)
    group.get_by_role("button", name="Yes").click()
    expect(prompt).to_have_count(0)
    expect(page.locator(".set-item").first).to_contain_text("settled")
    expect(page.locator(".set-item").first).not_to_contain_text("not answered")
    assert [s["settled"] for s in todays_sets(page)] == [True] * 3
    assert errors == [], f"the browser reported errors: {errors}"


def test_the_patients_own_settle_time_counts(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    thresholds = page.request.get("/api/profile/thresholds").json() | {"settle_minutes": 10}
    assert page.request.put("/api/profile/thresholds", data=thresholds, headers=UNSAFE).ok
    page.goto("/log?exercise=split-squat")
    choose(page, "Pain during this set", "1")
    page.get_by_role("button", name="Save set").click()
    expect(page.locator("form").get_by_role("status")).to_contain_text("Set 1 saved.")
    prompt = page.get_by_role("region", name=SETTLE_REGION)
    page.clock.fast_forward("06:00")
    expect(page.locator(".settle-waiting")).to_contain_text("In 4 minutes")
    expect(prompt).to_have_count(0)
    page.clock.fast_forward("04:05")
    expect(prompt.get_by_role("group", name=re.compile(r"^Split squat: 1 set, the last at"))).to_be_visible()


def test_a_session_left_unanswered_is_asked_about_when_the_app_opens(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    today = patient_today(page)
    # Yesterday's holds, saved before the settle time had passed and never answered
    seed_session(page, today - DAY, [{k: v for k, v in s.items() if k != "settled"} for s in calf_holds(pain=2)])
    page.clock.fast_forward("05:01")  # the sets were saved just now: let their settle time pass
    page.goto("/log")
    prompt = page.get_by_role("region", name=SETTLE_REGION)
    group = prompt.get_by_role("group", name=re.compile(r"^Double-leg calf hold: 3 sets"))
    expect(group).to_be_visible()
    group.get_by_role("button", name="No").click()
    expect(prompt).to_have_count(0)
    sessions = page.request.get("/api/sessions?limit=5&offset=0").json()["items"]
    assert [s["settled"] for s in sessions[0]["sets"]] == [False] * 3
    page.reload()
    expect(page.get_by_role("heading", name="Choose an exercise")).to_be_visible()
    expect(prompt).to_have_count(0)


# ---------------------------------------------------------------- on Today (TodayScreen.js renders these)


def test_today_estimates_the_time_of_the_whole_plan(page: Page) -> None:
    sign_up_through_api(page)
    page.goto("/")
    estimate = page.locator(".today-time")
    expect(estimate).to_contain_text(re.compile(r"About \d+ minutes today"))
    text = estimate.inner_text()
    total = int(re.search(r"About (\d+) minutes", text).group(1))
    parts = {name: int(minutes) for name, minutes in re.findall(r"([a-z][a-z ]*?) (\d+) min", text.split("today", 1)[1])}
    # 3 holds of 30 s, 30 s rests between and the timer's get-ready: 153 s, about 3 minutes
    assert parts["calf"] == 3, parts
    assert {"mobility", "core and balance", "hip and glute"} <= set(parts), parts
    assert total == sum(parts.values()), (total, parts)


def test_today_asks_about_the_last_sessions_unanswered_sets_when_the_app_opens(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    today = patient_today(page)
    seed_session(page, today - DAY, [{k: v for k, v in s.items() if k != "settled"} for s in calf_holds(pain=2)])
    page.clock.fast_forward("05:01")
    page.goto("/")
    prompt = page.get_by_role("region", name=SETTLE_REGION)
    group = prompt.get_by_role("group", name=re.compile(r"^Double-leg calf hold: 3 sets"))
    expect(group).to_be_visible()
    screenshot(page, "today-settle-reminder", show=prompt)
    group.get_by_role("button", name="Yes").click()
    expect(prompt).to_have_count(0)
    sessions = page.request.get("/api/sessions?limit=5&offset=0").json()["items"]
    assert [s["settled"] for s in sessions[0]["sets"]] == [True] * 3


def test_holds_ended_early_are_not_called_all_done(page: Page) -> None:
    page.clock.install()
    sign_up_through_api(page)
    page.goto("/log?exercise=calf-iso-double")
    timer = page.get_by_role("region", name="Hold timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.fast_forward(3_000 + 12_000)  # the ready count, then 12 s of the first hold
    timer.get_by_role("button", name="End hold").click()
    timer.get_by_role("button", name="Skip").click()
    page.clock.fast_forward(9_000)
    timer.get_by_role("button", name="End hold").click()
    timer.get_by_role("button", name="Skip").click()
    page.clock.fast_forward("00:31")
    expect(timer.get_by_role("heading", name="3 holds done, 2 cut short")).to_be_visible()
    expect(timer).to_contain_text("Held 12 s, 9 s, 30 s.")
