import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, SQLModel

from heelstrong.accounts.models import Profile, User
from heelstrong.app import create_app
from heelstrong.checkins.models import CheckIn
from heelstrong.clinic.models import CareLink
from heelstrong.clinic.service import add_clinician
from heelstrong.core.db import get_engine

PASSWORD = "correct horse battery"
CSRF = {"X-Heelstrong-CSRF": "1"}


@pytest.fixture(scope="session")
def app(database_url):
    return create_app()


@pytest.fixture(autouse=True)
def empty_tables(database_url) -> Iterator[None]:
    yield
    with get_engine().begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def new_client(app) -> Callable[[], TestClient]:
    """A fresh browser: its own cookie jar, sending the CSRF header like the web app does."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, headers=CSRF)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def register(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """Creates the account, then signs in with it, as the web app does (registering alone does
    not sign in: it answers the same whether or not the email had an account)."""
    response = client.post("/api/auth/register", json={"email": email, "password": password})
    assert response.status_code == 202, response.text
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return client


# Four weeks ago: history seeded in the last weeks is inside the program, and today falls on the
# program's first weekday, a hip day and a raise day (both are on the program's own weekdays).
PROGRAM_START = (datetime.now(UTC).date() - timedelta(weeks=4)).isoformat()


def sign_up(client: TestClient, email: str | None = None, side: str = "right") -> TestClient:
    register(client, email or f"patient-{uuid.uuid4().hex[:8]}@example.org")
    profile = {"painful_side": side, "condition": "plantar_heel", "program_start": PROGRAM_START, "timezone": "UTC"}
    assert client.put("/api/profile", json=profile).status_code == 200
    return client


@pytest.fixture
def patient(new_client) -> TestClient:
    return sign_up(new_client())


@pytest.fixture
def other_patient(new_client) -> TestClient:
    return sign_up(new_client())


def new_id() -> str:
    return str(uuid.uuid4())


# ---------------------------------------------------------------- clinic mode


@pytest.fixture
def new_clinician(new_client) -> Callable[..., TestClient]:
    """A clinician of `clinic`, made as `heelstrong add-clinician` makes them, signed in."""

    def make(clinic: str = "Heel Clinic", name: str = "Dr Ana Berg") -> TestClient:
        email = f"clinician-{uuid.uuid4().hex[:8]}@example.org"
        with Session(get_engine()) as db:
            add_clinician(db, clinic, email, name, PASSWORD)
        client = new_client()
        assert client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        return client

    return make


def user_id(client: TestClient) -> int:
    return client.get("/api/me").json()["id"]


def link(patient: TestClient, clinician: TestClient) -> int:
    """Links the patient to the clinician with a fresh code, as at the clinic; answers the patient's id."""
    code = clinician.post("/api/clinic/codes/patient")
    assert code.status_code == 201, code.text
    response = patient.post("/api/clinician-link", json={"code": code.json()["code"]})
    assert response.status_code == 200, response.text
    return user_id(patient)


def linked_in_db(clinician: TestClient, names: list[str], checked_in_days_ago: int | None = 0) -> list[int]:
    """Patients of `clinician` made straight in the database (many, past the registration limit):
    a profile, the link, and a check-in that many days ago (None: no check-in)."""
    clinician_id, today = user_id(clinician), datetime.now(UTC).date()
    with Session(get_engine()) as db:
        users = [User(email=f"patient-{uuid.uuid4().hex[:8]}@example.org", password_hash="-") for _ in names]
        db.add_all(users)
        db.flush()
        for user, name in zip(users, names, strict=True):
            db.add(Profile(user_id=user.id, display_name=name, painful_side="right", condition="plantar_heel",
                           program_start=today - timedelta(days=28), timezone="UTC"))
            db.add(CareLink(patient_id=user.id, clinician_id=clinician_id))
            if checked_in_days_ago is not None:
                db.add(CheckIn(id=uuid.uuid4(), user_id=user.id, local_date=today - timedelta(days=checked_in_days_ago),
                               morning_pain=3))
        db.commit()
        return [user.id for user in users]


@pytest.fixture
def clinician(new_clinician) -> TestClient:
    """Dr Ana Berg of Heel Clinic."""
    return new_clinician()


@pytest.fixture
def patient_id(patient, clinician) -> int:
    """`patient`, linked to `clinician`: their id."""
    return link(patient, clinician)
