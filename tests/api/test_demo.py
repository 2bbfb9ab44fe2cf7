from datetime import UTC, datetime

from sqlmodel import Session, func, select

from heelstrong.checkins.models import CheckIn
from heelstrong.core.db import get_engine
from heelstrong.demo import DEMO_PASSWORD, fill
from heelstrong.training.models import ExerciseSet


def test_demo_patients_have_realistic_histories_the_engine_reads(new_client):
    with Session(get_engine()) as db:
        fill(db, patients=4, days=56, today=datetime.now(UTC).date(), seed=7)
        assert db.exec(select(func.count()).select_from(CheckIn)).one() == 3 * 56 + (56 - 14)  # the gap patient
        assert db.exec(select(func.count()).select_from(ExerciseSet)).one() > 4 * 56 * 5

    kinds_by_patient = {}
    for index, kind in enumerate(("improver", "flare", "gap", "both")):
        client = new_client()
        email = f"demo-{index:05d}-{kind}@example.org"
        assert client.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD}).status_code == 200
        assert client.get("/api/today").status_code == 200
        decisions = client.get("/api/progression").json()["decisions"]
        kinds_by_patient[kind] = {d["kind"] for d in decisions}
    assert "progress" in kinds_by_patient["improver"]
    assert "stage_back" in kinds_by_patient["flare"] or "dose_back" in kinds_by_patient["flare"]
    assert "re_entry" in kinds_by_patient["gap"]
