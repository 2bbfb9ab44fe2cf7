"""Plain HTTP clients of a running server, as the web app would be."""

import uuid
from datetime import UTC, datetime

import httpx

CSRF = {"X-Heelstrong-CSRF": "1"}
PASSWORD = "system-test-password"
TODAY = datetime.now(UTC).date().isoformat()


def patient(base: str, email: str | None = None) -> httpx.Client:
    client = httpx.Client(base_url=base, headers=CSRF, timeout=60)
    email = email or f"p-{uuid.uuid4().hex[:10]}@example.org"
    client.post("/api/auth/register", json={"email": email, "password": PASSWORD}).raise_for_status()
    client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).raise_for_status()
    client.put("/api/profile", json={"painful_side": "left", "condition": "plantar_heel",
                                     "program_start": TODAY, "timezone": "UTC"}).raise_for_status()
    return client


def start_session(client: httpx.Client) -> str:
    session_id = str(uuid.uuid4())
    client.post("/api/sessions", json={"id": session_id, "local_date": TODAY}).raise_for_status()
    return session_id


def a_set() -> dict:
    return {"id": str(uuid.uuid4()), "exercise_id": "calf-iso-double", "side": "both", "hold_seconds": 30,
            "pain_during": 2, "settled": True}
