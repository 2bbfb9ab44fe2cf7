"""The clinician's at-a-glance block on the demo patients, over a range that includes the flare
(from the program start) and the default 4 weeks, which does not."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from heelstrong.core.db import get_engine
from heelstrong.demo import DEMO_PASSWORD, fill

TODAY = datetime.now(UTC).date()
DAYS = 84
PROGRAM_START = TODAY - timedelta(days=DAYS - 1)
KINDS = ("improver", "flare", "gap", "both")


@pytest.fixture
def demo(new_client) -> dict[str, dict[str, dict]]:
    """Each demo patient's summary over the default 4 weeks and since the program started."""
    with Session(get_engine()) as db:
        fill(db, patients=4, days=DAYS, today=TODAY, seed=1)
    summaries = {}
    for index, kind in enumerate(KINDS):
        client = new_client()
        login = {"email": f"demo-{index:05d}-{kind}@example.org", "password": DEMO_PASSWORD}
        assert client.post("/api/auth/login", json=login).status_code == 200
        summaries[kind] = {
            "4 weeks": client.get("/api/export/summary").json(),
            "all": client.get("/api/export/summary", params={"from": PROGRAM_START.isoformat()}).json(),
        }
    return summaries


def test_the_glance_leads_with_start_against_now_whatever_the_range(demo):
    for kind, ranges in demo.items():
        short, full = ranges["4 weeks"]["glance"], ranges["all"]["glance"]
        assert ranges["4 weeks"]["start"] == (TODAY - timedelta(days=27)).isoformat()
        # Start against now, the events and the ladder do not depend on the range chosen.
        assert (short["measures"], short["events"], short["ladder"]) == (full["measures"], full["events"],
                                                                          full["ladder"]), kind
        morning = short["measures"][0]
        assert morning["label"] == "Morning first-steps pain" and morning["unit"] == "/10"
        assert morning["start_days"] >= 6 and morning["now_days"] >= 5, kind  # the gap patient is back by now
        assert [m["label"] for m in short["measures"]] == ["Morning first-steps pain", "Highest pain during exercise",
                                                             "Morning stiffness"]
        ladder = short["ladder"]
        assert ladder[0] == {"local_date": PROGRAM_START.isoformat(), "calf_stage": 1, "load_kg": 0.0}
        assert ladder[-1]["calf_stage"] == ranges["4 weeks"]["calf_stage"], kind
        assert [step["local_date"] for step in ladder] == sorted(step["local_date"] for step in ladder)
        # Adherence follows the range and counts only what the plan asked for.
        for glance, summary in ((short, ranges["4 weeks"]), (full, ranges["all"])):
            weeks = summary["progress"]["weeks"]
            assert glance["sessions_done"] == sum(w["sessions_done"] for w in weeks)
            assert glance["sessions_prescribed"] == sum(w["sessions_planned"] for w in weeks)
            assert 0 < glance["sessions_done"] <= glance["sessions_prescribed"], kind
        assert "a day with any calf set logged" in short["adherence_rule"]
    improver = demo["improver"]["all"]["glance"]["measures"][0]
    assert improver["now"] < improver["start"]  # mornings ease over the weeks


def test_the_flare_is_shown_since_the_program_started_even_when_the_range_leaves_it_out(demo):
    flare = demo["flare"]
    events = flare["4 weeks"]["glance"]["events"]
    flare_days = [date.fromisoformat(e["local_date"]) for e in events if e["kind"] == "flare"]
    assert any(PROGRAM_START + timedelta(days=17) <= d <= PROGRAM_START + timedelta(days=22) for d in flare_days)
    assert min(flare_days) < date.fromisoformat(flare["4 weeks"]["start"])  # outside the 4 weeks, still there
    assert [e["local_date"] for e in events] == sorted((e["local_date"] for e in events), reverse=True)
    assert all(e["message"] and e["rule_name"] for e in events)
    # What to discuss follows the range: the flagged sessions around the flare only over the whole program.
    def flagged(summary: dict) -> list[dict]:
        return [item for item in summary["glance"]["to_discuss"] if item["topic"] == "flagged"]

    assert flagged(flare["all"]) and not any(
        item["local_date"] and item["local_date"] < flare["4 weeks"]["start"] for item in flagged(flare["4 weeks"]))
    assert any("pain" in item["text"] for item in flagged(flare["all"]) if item["local_date"])


def test_a_gap_in_the_log_is_something_to_discuss(demo):
    def gaps(summary: dict) -> list[str]:
        return [item["text"] for item in summary["glance"]["to_discuss"] if item["topic"] == "gap"]

    assert gaps(demo["gap"]["all"]) == [
        f"14 days with nothing logged, from {(PROGRAM_START + timedelta(days=30)).isoformat()}."]
    assert gaps(demo["gap"]["4 weeks"]) == [] and gaps(demo["improver"]["all"]) == []


def test_flagged_sessions_and_decisions_read_as_a_person_would(demo):
    summary = demo["flare"]["all"]
    for flagged in summary["flagged_sessions"]:
        assert flagged["rule_names"] and all("_" not in name for name in flagged["rule_names"])
        assert flagged["exercises"] and not any(re.fullmatch(r"[a-z0-9-]+", name) for name in flagged["exercises"])
    for line in summary["decisions"]:
        assert "_" not in line["rule_name"]
    # A run of the same "same dose again" line is one line only while nothing else happens between.
    lines = summary["decisions"]
    for earlier, later in zip(lines, lines[1:]):
        if later["kind"] == "hold":
            assert (earlier["kind"], earlier["rule"], earlier["message"]) != (later["kind"], later["rule"],
                                                                              later["message"])
