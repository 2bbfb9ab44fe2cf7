"""The clinician's first look: the flare demo patient's share page over the default 4 weeks
(which leave the flare out) leads with the at-a-glance block, on a desk and on a phone."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from sqlmodel import Session

from heelstrong.demo import DEMO_PASSWORD, fill

from .browser import SCREENS, UNSAFE, console_errors
from .test_accessibility import violations

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_the_share_page_leads_with_the_glance_for_the_flare_patient(start_server, context_at, tmp_path):
    server = start_server()
    today = dt.datetime.now(dt.UTC).date()
    engine = create_engine(f"sqlite:///{tmp_path / 'own-0.db'}")
    with Session(engine) as db:
        fill(db, patients=2, days=84, today=today, seed=1)  # demo-00001 is the flare patient
    engine.dispose()

    patient = context_at(server.base).new_page()
    login = {"email": "demo-00001-flare@example.org", "password": DEMO_PASSWORD}
    assert patient.request.post("/api/auth/login", data=login, headers=UNSAFE).ok
    link = patient.request.post("/api/share-links", data={"label": "Dr. Berg"}, headers=UNSAFE).json()

    for size_name, size in SIZES.items():
        clinician = context_at(server.base).new_page()
        errors = console_errors(clinician)
        clinician.set_viewport_size(size)
        clinician.goto(link["path"])
        glance = clinician.get_by_role("region", name="At a glance")
        expect(glance).to_be_visible()
        # The block comes right after the range picker, before the overview and the charts
        headings = clinician.get_by_role("heading", level=2).all_inner_texts()
        assert headings[:2] == ["Period shown", "At a glance"], headings
        measures = glance.get_by_role("list", name="First week of the program against the last 7 days")
        expect(measures.get_by_role("listitem")).to_have_count(3)
        expect(measures.get_by_role("listitem").first).to_contain_text(
            re.compile(r"Morning first-steps pain\s*\d+(\.\d)?/10 → \d+(\.\d)?/10"))
        expect(glance).to_contain_text("Now: calf stage")
        expect(glance).to_contain_text(re.compile(r"Sessions done in this range: \d+ of \d+ the plan prescribed"))
        # The flare in week 3 is outside the 4 weeks shown, and still listed since the program started
        events = glance.locator(".glance-events")
        expect(events.get_by_role("listitem").filter(has_text="Flare-up").first).to_be_visible()
        expect(glance).to_contain_text("To discuss")
        SCREENS.mkdir(parents=True, exist_ok=True)
        glance.screenshot(path=SCREENS / f"clinician-glance-{size_name}.png")
        wide = clinician.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert clinician.evaluate("document.documentElement.scrollWidth") <= size["width"], wide
        assert violations(clinician) == []
        assert errors == []
