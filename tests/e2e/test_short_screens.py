"""Short screens for a daily user: the 84-day demo patient's Progress fits in under three phone
screens (390 x 844) and leads with the charts and a five-line story; "same dose" days fold
into runs with "Show all"; a link to one decision opens Progress at it; History is one list of
days, collapsed, two weeks at a time; no chart starts before the program did."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine
from sqlmodel import Session

from heelstrong.demo import DEMO_PASSWORD, fill

from .browser import SCREENS, UNSAFE, console_errors, page_width, screenshot

pytestmark = pytest.mark.e2e

SCREEN_HEIGHT = 844
LOGIN = {"email": "demo-00000-improver@example.org", "password": DEMO_PASSWORD}


@pytest.fixture
def demo_page(start_server, context_at, tmp_path) -> Page:
    """The improver demo patient, 84 days in, signed in on a phone."""
    server = start_server()
    engine = create_engine(f"sqlite:///{tmp_path / 'own-0.db'}")
    with Session(engine) as db:
        fill(db, patients=1, days=84, today=dt.datetime.now(dt.UTC).date(), seed=1)
    engine.dispose()
    page = context_at(server.base).new_page()
    assert page.request.post("/api/auth/login", data=LOGIN, headers=UNSAFE).ok
    return page


def page_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_progress_is_short_and_leads_with_the_story_and_the_charts(demo_page: Page) -> None:
    page = demo_page
    errors = console_errors(page)
    page.goto("/progress")
    expect(page.locator(".chart-box[data-points]")).to_have_count(4)
    decisions = page.get_by_role("region", name="Every change, newest first")
    expect(decisions).to_be_visible()
    page.wait_for_load_state("networkidle")

    height = page_height(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / "progress-demo-84-days.png", full_page=True)
    assert height < 3 * SCREEN_HEIGHT, f"Progress is {height} px tall"
    assert page_width(page) <= 390

    # First: the period in five lines, then the charts
    story = page.get_by_role("list", name="In short").get_by_role("listitem")
    expect(story).to_have_count(5)
    texts = story.all_inner_texts()
    assert [t.split(":")[0] for t in texts] == ["Mornings", "During exercise", "Calf ladder", "Sessions", "Plan changes"]
    assert not any(re.search(r"\b1 (check-ins|days|sessions|steps|weeks)\b", t) for t in texts), texts
    charts_top = page.get_by_role("region", name="Your progress").bounding_box()["y"]
    assert charts_top < SCREEN_HEIGHT / 2

    # Runs: no two neighbouring lines say "Same dose" with the same words; Show all opens the rest
    progression = page.request.get("/api/progression").json()
    rows = decisions.get_by_role("listitem")
    assert rows.count() <= 4
    show_all = decisions.get_by_role("button", name=re.compile(r"Show all changes"))
    expect(show_all).to_be_visible()
    show_all.click()
    expect(show_all).to_have_count(0)
    all_rows = rows.count()
    assert 4 < all_rows < len(progression["decisions"])
    folded = decisions.locator(".decision", has_text=re.compile(r"\d+ times|twice"))
    assert folded.count() > 0
    messages = rows.locator(".decision-message").all_inner_texts()
    tags = rows.locator(".tag").all_inner_texts()
    for i in range(1, len(messages)):
        assert not (tags[i] == tags[i - 1] == "Same dose" and messages[i] == messages[i - 1]), i
    assert errors == []


def test_a_link_to_a_decision_opens_progress_at_it(demo_page: Page) -> None:
    page = demo_page
    decisions = page.request.get("/api/progression").json()["decisions"]
    changes = [d for d in decisions if d["kind"] != "hold"]
    old = changes[-1]  # the oldest change: beyond the first few lines
    page.goto(f"/progress?decision={old['id']}")
    row = page.locator(f"#decision-{old['id']}")
    expect(row).to_be_visible()
    expect(row).to_be_focused()
    expect(row).to_contain_text(old["message"])
    expect(row).to_be_in_viewport()
    screenshot(page, "progress-at-a-decision")


def test_history_is_one_list_of_days_collapsed_two_weeks_at_a_time(demo_page: Page) -> None:
    page = demo_page
    page.goto("/history")
    days = page.get_by_role("region", name="Your days").locator(".history-day")
    expect(days.first).to_be_visible()
    assert 10 <= days.count() <= 14
    # Collapsed: each day one line with its morning pain and its sets
    first = days.first
    expect(first.locator("summary")).to_contain_text(re.compile(r"Morning pain \d+/10|No check-in"))
    expect(first.locator("summary")).to_contain_text(re.compile(r"\d+ sets?|No sets"))
    expect(first.locator(".set-item").first).to_be_hidden()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / "history-days-collapsed.png", full_page=True)
    # Two weeks in about two screens (four weeks used to be 27,255 px): a day is one or two lines
    assert page_height(page) < 2.5 * SCREEN_HEIGHT, page_height(page)
    assert max(box["height"] for box in (s.bounding_box() for s in days.locator("summary").all())) <= 100
    # A day opens to show its sets
    day_with_sets = days.filter(has_text=re.compile(r"\d+ sets?")).first
    day_with_sets.locator("summary").click()
    expect(day_with_sets.locator(".set-item").first).to_be_visible()
    # Paged: two weeks more
    count = days.count()
    page.get_by_role("button", name="Show 14 days earlier").click()
    expect(days).to_have_count(count + 14, timeout=10_000) if count == 14 else page.wait_for_timeout(1000)
    assert days.count() > count
    dates = page.locator(".day-date").all_inner_texts()
    assert len(dates) == len(set(dates))  # one line a day, check-in and sessions together


def test_no_chart_starts_before_the_program_did(start_server, context_at) -> None:
    server = start_server()
    page = context_at(server.base).new_page()
    account = {"email": "new-patient@example.org", "password": "heel-strong-2024"}
    assert page.request.post("/api/auth/register", data=account, headers=UNSAFE).ok
    assert page.request.post("/api/auth/login", data=account, headers=UNSAFE).ok  # registering does not sign in
    today = dt.datetime.now(dt.UTC).date()
    start = today - dt.timedelta(days=3)
    profile = {"painful_side": "left", "condition": "plantar_heel", "program_start": start.isoformat(), "timezone": "UTC"}
    assert page.request.put("/api/profile", data=profile, headers=UNSAFE).ok
    page.goto("/progress")
    expect(page.locator(".chart-box[data-points]")).to_have_count(4)
    for period in ("4 weeks", "12 weeks", "Since start"):
        page.get_by_role("group", name="Period").get_by_role("radio", name=period).check()
        page.wait_for_load_state("networkidle")
        start_x = page.locator('.chart-box[data-chart="adherence"]').evaluate("box => box.chart.scales.x.min")
        assert start_x >= dt.datetime.combine(start, dt.time(), dt.UTC).timestamp() - 86_400, period
        expect(page.locator(".chart-period")).to_contain_text(re.compile(r"to"))
    story = page.get_by_role("list", name="In short")
    expect(story).to_contain_text("Mornings: no check-ins in this period yet.")
    expect(story).not_to_contain_text("1 check-ins")
