import uuid
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

from heelstrong.app import create_app
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


def sign_up(client: TestClient, email: str | None = None, side: str = "right") -> TestClient:
    register(client, email or f"patient-{uuid.uuid4().hex[:8]}@example.org")
    profile = {"painful_side": side, "condition": "plantar_heel", "program_start": "2026-11-01", "timezone": "UTC"}
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
