"""The settle question answered later (issue 12, item 4): a set saved before the patient's
settle time has passed has `settled` null, "not answered"; PATCH /api/sets/{id} answers it;
until then the session can't count towards moving on, and is not flagged either."""

from tests.api.conftest import new_id
from tests.api.test_progression import calf_item, check_in, day


def start_session(client, offset: int = 0) -> str:
    session_id = new_id()
    assert client.post("/api/sessions", json={"id": session_id, "local_date": day(offset)}).status_code == 201
    return session_id


def hold(**fields) -> dict:
    return {"id": new_id(), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
            "pain_during": 2} | fields


def log_holds(client, offset: int, holds: int = 3, **fields) -> list[str]:
    session_id = start_session(client, offset)
    ids = []
    for _ in range(holds):
        response = client.post(f"/api/sessions/{session_id}/sets", json=hold(**fields))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def test_a_set_saved_without_settled_is_not_answered(patient):
    session_id = start_session(patient)
    left_out = patient.post(f"/api/sessions/{session_id}/sets", json=hold())
    sent_null = patient.post(f"/api/sessions/{session_id}/sets", json=hold(settled=None))
    assert left_out.status_code == sent_null.status_code == 201
    assert left_out.json()["settled"] is None and sent_null.json()["settled"] is None
    stored = patient.get(f"/api/sessions/{session_id}").json()["sets"]
    assert [s["settled"] for s in stored] == [None, None]


def test_the_answer_comes_later_with_patch_and_can_be_taken_back(patient):
    set_id = log_holds(patient, 0, holds=1)[0]
    answered = patient.patch(f"/api/sets/{set_id}", json={"settled": True})
    assert answered.status_code == 200 and answered.json()["settled"] is True
    changed = patient.patch(f"/api/sets/{set_id}", json={"settled": False})
    assert changed.status_code == 200 and changed.json()["settled"] is False
    # null again: not answered (an answer given by mistake), never a yes
    cleared = patient.patch(f"/api/sets/{set_id}", json={"settled": None})
    assert cleared.status_code == 200 and cleared.json()["settled"] is None
    # other fields edit without touching the answer
    edited = patient.patch(f"/api/sets/{set_id}", json={"pain_during": 3})
    assert edited.status_code == 200 and edited.json()["settled"] is None


def test_settled_must_still_be_a_boolean_or_null(patient):
    session_id = start_session(patient)
    response = patient.post(f"/api/sessions/{session_id}/sets", json=hold(settled="yes"))
    assert response.status_code == 422 and "settled" in response.json()["message"]
    set_id = log_holds(patient, 0, holds=1)[0]
    assert patient.patch(f"/api/sets/{set_id}", json={"settled": "no"}).status_code == 422


def test_an_unanswered_session_does_not_move_the_plan_on_nor_flag_it(patient):
    log_holds(patient, -2)  # holds two days ago, the settle question never answered
    check_in(patient, -1)
    check_in(patient, 0)
    plan = patient.get("/api/today").json()
    assert calf_item(plan)["sets"] == 3  # a tolerated day would have made it 4
    decisions = patient.get("/api/progression").json()["decisions"]
    assert [(d["kind"], d["rule"]) for d in decisions] == [("hold", "settle_not_answered")]
    assert decisions[0]["reasons"]["sets_settle_not_answered"] == 3
    assert "wasn't answered for 3 sets" in decisions[0]["message"]


def test_answered_yes_the_same_session_counts(patient):
    for set_id in log_holds(patient, -1):
        assert patient.patch(f"/api/sets/{set_id}", json={"settled": True}).status_code == 200
    check_in(patient, 0)
    assert calf_item(patient.get("/api/today").json())["sets"] == 4
    assert [d["kind"] for d in patient.get("/api/progression").json()["decisions"]] == ["dose_up"]


def test_one_unanswered_set_among_answered_ones_still_holds(patient):
    session_id = start_session(patient, -2)
    for settled in (True, True, None):
        assert patient.post(f"/api/sessions/{session_id}/sets", json=hold(settled=settled)).status_code == 201
    check_in(patient, -1)
    check_in(patient, 0)
    assert calf_item(patient.get("/api/today").json())["sets"] == 3
    (decision,) = patient.get("/api/progression").json()["decisions"]
    assert (decision["kind"], decision["rule"], decision["reasons"]["sets_settle_not_answered"]) == (
        "hold", "settle_not_answered", 1)


def test_yesterdays_session_waits_for_its_answer_through_today(patient):
    set_ids = log_holds(patient, -1)  # not answered yet when the morning check-in comes
    check_in(patient, 0)
    assert patient.get("/api/progression").json()["decisions"] == []  # not judged yet: waiting
    for set_id in set_ids:
        assert patient.patch(f"/api/sets/{set_id}", json={"settled": False}).status_code == 200
    decisions = patient.get("/api/progression").json()["decisions"]
    assert [(d["kind"], d["rule"]) for d in decisions] == [("dose_back", "flagged_session"), ("flag", "pain_settles")]
