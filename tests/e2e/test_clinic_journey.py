"""Clinic mode end to end (issue 15), both people in the browser, each in a context of their own:
Dr Ana at her desk (1280 px) signs in, finds the patient with a flare-up and a referral prompt at
the top of her caseload, opens him, lowers his pain limit, writes him a note and marks the
referral handled; Per, on his phone (390 px), signs in and sees the note, the change to his plan
"changed by your clinician" and that she has seen the referral, and answers the note twice; Dr Ana,
on her caseload, is told without reloading ("2 unread answers"), reads the thread on his page
and writes back, which Per finds on Today."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import DAY, PASSWORD, calf_holds, console_errors, go_to, screenshot, seed_session
from .test_clinic_patient import CLINICIAN, PAIN_LIMIT, clinic_server, note_card  # noqa: F401 (a fixture)
from .test_clinician import (
    Clinic,
    calm_patient,
    caseload_rows,
    clinic,  # noqa: F401 (a fixture)
    link_to_clinician,
    name_patient,
    save_pain_limit,
    sign_in_in_the_app,
    walk_the_plan,
)
from .test_referral import referral_panel, three_flares_this_week

pytestmark = pytest.mark.e2e

DESK = {"width": 1280, "height": 800}
NOTE = "I've lowered your pain limit to 4/10 while the flare-ups settle. How are your mornings?"
HANDLED = "Phoned Per; we'll go through the flare-ups on Thursday."
ANSWER = "Mornings are about 3/10 now. Thursday suits me."
SECOND_ANSWER = "Forgot to say: the stairs at work are the hard part."
BACK = "Thanks, Per. Take the stairs one at a time this week; we'll look at it on Thursday."
CHANGED = re.compile(r"Changed by your clinician, Dr Ana: .*pain.*\b5(/10)? to 4(/10)?\b")


def flare_patient_with_sessions(page: Page) -> None:
    """Per Flare: calm mornings, three flare-ups (8-9/10) in the last week, calf holds the day
    before each; his plan walked once (GET /api/today), so the engine has moved him back and
    asks him to talk to his clinician."""
    today = three_flares_this_week(page)
    name_patient(page, "Per Flare", today)
    for days_ago in (6, 4, 2):
        seed_session(page, today - days_ago * DAY, calf_holds(pain=3))
    plan = walk_the_plan(page)
    assert [r["rule"] for r in plan["referrals"]] == ["three_flares"]
    assert any(d["rule"] == "morning_flare" for d in plan["recent_decisions"]), plan["recent_decisions"]


def signs_in(page: Page, email: str, password: str) -> None:
    """Sign in through the app's form, from a context with no session."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in_in_the_app(page, email, password)


def test_a_clinician_acts_on_a_flare_and_the_patient_sees_it(clinic: Clinic) -> None:  # noqa: F811
    # Set-up: Per (flare-ups, a referral prompt) and Anna (calm) link with Dr Ana's codes
    per, anna = clinic.patient_page(), clinic.patient_page()
    flare_patient_with_sessions(per)
    calm_patient(anna)
    clinician_api = clinic.ana_through_the_api()
    link_to_clinician(per, clinician_api)
    link_to_clinician(anna, clinician_api)
    per_email = per.request.get("/api/me").json()["email"]
    per.context.clear_cookies()  # Per signs in himself, below, in this context

    # Dr Ana signs in at her desk: Per first, with his referral prompt and flare-ups, above Anna
    ana = clinic.clinician_page(DESK)
    ana.clock.install()  # the caseload asks every 45 s whether a patient wrote: jumped to below
    ana_errors, per_errors = console_errors(ana), console_errors(per)
    signs_in(ana, CLINICIAN["email"], CLINICIAN["password"])
    expect(ana.get_by_role("heading", name="Caseload", level=1)).to_be_visible()
    rows = caseload_rows(ana)
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("rowheader")).to_contain_text("Per Flare")
    attention = rows.nth(0).get_by_role("cell").first
    expect(attention).to_contain_text("Referral prompt")
    expect(attention).to_contain_text("Flare-up")
    expect(rows.nth(1).get_by_role("rowheader")).to_contain_text("Anna Calm")
    expect(rows.nth(1).get_by_role("cell").first).to_have_text("Nothing to act on")
    ana.mouse.move(0, 0)  # no row shown as hovered
    screenshot(ana, "journey-clinic-caseload-1280")

    # She opens Per by his name
    rows.nth(0).get_by_role("link", name="Per Flare").click()
    expect(ana.get_by_role("heading", name="Per Flare", level=1)).to_be_focused()
    referrals = ana.get_by_role("region", name=re.compile(r"^Referral prompts"))
    expect(referrals.get_by_role("heading")).to_have_text("Referral prompts (1 open)")
    screenshot(ana, "journey-clinic-patient-1280")

    # The pain limit from 5 to 4: saved, and in the history of changes
    settings = ana.get_by_role("region", name="Clinical settings")
    limit = settings.get_by_label(PAIN_LIMIT)
    expect(limit).to_have_value("5")
    save_pain_limit(ana, "4")

    # A note to Per
    notes = ana.get_by_role("region", name="Note to the patient")
    notes.get_by_label("Your note").fill(NOTE)
    notes.get_by_role("button", name="Send note").click()
    expect(notes.get_by_role("status")).to_contain_text("Note sent.")
    sent = notes.get_by_role("listitem").filter(has_text=NOTE)
    expect(sent).to_contain_text("Not read yet")

    # The referral prompt: seen and handled, with a short note
    referrals.get_by_role("button", name=re.compile(r"^Seen and handled")).click()
    referrals.get_by_label("What did you do about it?").fill(HANDLED)
    referrals.get_by_role("button", name="Mark as handled").click()
    expect(referrals.get_by_role("status")).to_contain_text("Marked as handled")
    expect(referrals).to_contain_text("Handled by Dr Ana, ")
    expect(referrals).to_contain_text(HANDLED)
    screenshot(ana, "journey-clinic-patient-after-1280", show=referrals)
    ana.get_by_role("link", name="← Caseload").click()
    expect(ana.get_by_role("heading", name="Caseload", level=1)).to_be_visible()

    # Per signs in on his phone: Dr Ana's note first on Today
    signs_in(per, per_email, PASSWORD)
    card = note_card(per)
    expect(card).to_be_visible(timeout=10_000)
    expect(per.locator("main > *").nth(1)).to_have_role("article")  # right under the heading
    expect(card.get_by_role("heading")).to_have_text("Note from Dr Ana")
    expect(card).to_contain_text(NOTE)
    screenshot(per, "journey-today-note-390")

    # The referral prompt says Dr Ana has seen it, with her note
    prompt = referral_panel(per)
    expect(prompt).to_contain_text("Your clinician has seen this")
    expect(prompt).to_contain_text("Dr Ana")
    expect(prompt).to_contain_text(HANDLED)

    # The lower pain limit, in his plan's "What changed", in the app's words
    stage = per.get_by_role("region", name=re.compile(r"^Stage \d of \d"))
    change = stage.get_by_role("listitem").filter(has_text="Changed by your clinician")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(CHANGED)
    expect(change.locator(".tag")).to_have_text("Your clinician")
    change.evaluate("e => e.scrollIntoView({ block: 'center' })")
    screenshot(per, "journey-today-what-changed-390")
    # ... and in Progress, every change to his plan
    go_to(per, "Progress")
    every_change = per.get_by_role("region", name="Every change, newest first")
    expect(every_change.get_by_role("listitem").filter(has_text="Changed by your clinician")).to_contain_text(CHANGED)
    go_to(per, "Today")

    # He answers the note, then once more: a conversation, not one answer
    card = note_card(per)
    card.get_by_role("button", name="Answer").click()
    card.get_by_label("Your answer to Dr Ana").fill(ANSWER)
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("heading", name="Your answer, sent")).to_be_visible()
    thread = card.get_by_role("list", name="Messages with Dr Ana")
    expect(thread.get_by_role("listitem")).to_have_count(1)
    expect(thread).to_contain_text(ANSWER)
    card.get_by_role("button", name="Write more").click()
    card.get_by_label("Your answer to Dr Ana").fill(SECOND_ANSWER)
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("heading", name="Your answer, sent")).to_be_visible()
    expect(thread.get_by_role("listitem")).to_have_count(2)
    expect(thread.get_by_role("listitem").nth(1)).to_contain_text(SECOND_ANSWER)
    expect(thread.get_by_role("listitem").nth(1)).to_contain_text("You · ")
    screenshot(per, "journey-today-thread-390", show=card)
    assert per.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    # Dr Ana, on her caseload since: told without reloading (the page asks every 45 s)
    ana.clock.fast_forward("00:46")
    per_row = caseload_rows(ana).filter(has_text="Per Flare")
    expect(per_row.get_by_role("cell").first).to_contain_text("2 unread answers")
    expect(ana.get_by_role("status").filter(has_text="Unread answers from patients: 2")).to_be_visible()
    ana.mouse.move(0, 0)
    screenshot(ana, "journey-clinic-caseload-unread-1280")

    # She opens Per: both answers under her note, new to her; reading them clears "unread"
    per_row.get_by_role("link", name="Per Flare").click()
    notes = ana.get_by_role("region", name="Note to the patient")
    sent = notes.get_by_role("listitem").filter(has_text=NOTE)
    answers = sent.get_by_role("list", name="Thread: 2 answers from the patient").get_by_role("listitem")
    expect(answers).to_have_count(2)
    expect(answers.nth(0)).to_contain_text(ANSWER)
    expect(answers.nth(1)).to_contain_text(SECOND_ANSWER)
    expect(answers.nth(1).get_by_text("New", exact=True)).to_be_visible()
    expect(sent.get_by_text("Read", exact=True).first).to_be_visible()  # answering read her note
    screenshot(ana, "journey-clinic-patient-thread-1280", show=sent)

    # She writes back in the thread; Per finds it at the top of Today, unread
    sent.get_by_role("button", name="Write back").click()
    sent.get_by_label("Your answer").fill(BACK)
    sent.get_by_role("button", name="Send answer").click()
    expect(sent.locator(".clinic-message").filter(has_text=BACK)).to_contain_text("Not read yet")
    per.reload()
    card = note_card(per)
    expect(card).to_contain_text(BACK)
    expect(card.get_by_role("list", name="Messages with Dr Ana").get_by_role("listitem")).to_have_count(3)

    ana.get_by_role("link", name="← Caseload").click()
    expect(caseload_rows(ana).filter(has_text="Per Flare").get_by_role("cell").first).not_to_contain_text("unread")
    assert ana_errors == [] and per_errors == [], f"the browsers reported errors: {ana_errors} {per_errors}"
