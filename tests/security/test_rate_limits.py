"""Issue 13, limits: ten wrong passwords from anywhere locked the owner out for 15 minutes; 30
failures from one address blocked every patient behind it (a clinic's Wi-Fi, a carrier's NAT);
successful sign-ins were unlimited; X-Forwarded-For was trusted from loopback, so a client of a
local proxy picked its own address; a share link could last 365 days, and a patient could make
50 in a burst."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from heelstrong.accounts.models import AuthSession
from heelstrong.app import create_app
from heelstrong.core.config import SettingsError, get_settings
from heelstrong.core.db import get_engine
from heelstrong.sharing.models import ShareLink
from tests.api.conftest import CSRF, PASSWORD, register
from tests.server import running_server

OWNER_AT_HOME = "198.51.100.7"
OWNER_ON_THE_BUS = "192.0.2.44"
ATTACKER = "203.0.113.9"
CLINIC_WIFI = "192.0.2.10"
WRONG = "not the password"


@contextmanager
def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[None]:
    """HEELSTRONG_<NAME>=value for the block (the app reads rate limits on every request; other
    settings when an app is made)."""
    for name, value in env.items():
        monkeypatch.setenv(f"HEELSTRONG_{name}", value)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for name in env:
            monkeypatch.delenv(f"HEELSTRONG_{name}")
        get_settings.cache_clear()


@pytest.fixture
def client_at(app) -> Iterator[Callable[..., TestClient]]:
    """A browser at a given address (the peer address the app sees), on `app` or another one."""
    clients: list[TestClient] = []

    def make(address: str, on=None) -> TestClient:
        client = TestClient(on or app, headers=CSRF, client=(address, 50000))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def sign_in(client, email: str, password: str = PASSWORD, **headers: str) -> int:
    return client.post("/api/auth/login", json={"email": email, "password": password}, headers=headers).status_code


@pytest.fixture
def cheap_unknown_emails(monkeypatch):
    """Wrong guesses at emails without an account skip the password hash (which the app spends
    on them to look like a wrong password): these tests count attempts, not hashes."""
    from heelstrong.accounts import service

    real = service.verify_password
    monkeypatch.setattr(service, "verify_password", lambda password, stored: stored is not None and real(password, stored))


def sessions() -> int:
    with Session(get_engine()) as db:
        return db.exec(select(func.count()).select_from(AuthSession)).one()


# ---- sign-in: per (account, address), per address


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(client_at):
    register(client_at(OWNER_AT_HOME), "owner@example.org")
    attacker = client_at(ATTACKER)
    assert [sign_in(attacker, "owner@example.org", WRONG) for _ in range(12)] == [401] * 10 + [429] * 2
    limited = attacker.post("/api/auth/login", json={"email": "owner@example.org", "password": PASSWORD})
    assert limited.status_code == 429 and "Wait 15 minutes" in limited.json()["message"]  # the right one too
    assert limited.headers["retry-after"] == "900"

    assert sign_in(client_at(OWNER_AT_HOME), "owner@example.org") == 200  # the owner, at home
    assert sign_in(client_at(OWNER_ON_THE_BUS), "owner@example.org") == 200  # and anywhere else
    assert sign_in(attacker, "someone-else@example.org", WRONG) == 401  # another account from there: no lock


def test_the_owner_who_mistypes_is_slowed_down_only_at_that_address(client_at):
    register(client_at(OWNER_AT_HOME), "owner@example.org")
    home = client_at(OWNER_AT_HOME)
    assert [sign_in(home, "owner@example.org", WRONG) for _ in range(11)] == [401] * 10 + [429]
    assert sign_in(client_at(OWNER_ON_THE_BUS), "owner@example.org") == 200


def test_failures_behind_a_clinics_address_do_not_block_its_other_patients(client_at, cheap_unknown_emails):
    register(client_at(CLINIC_WIFI), "patient@example.org")
    guesser = client_at(CLINIC_WIFI)
    for n in range(40):  # more than the 30 failures that used to close the address
        assert sign_in(guesser, f"guess{n}@example.org", WRONG) == 401
    assert sign_in(client_at(CLINIC_WIFI), "patient@example.org") == 200


def test_every_sign_in_right_or_wrong_counts_against_the_address(client_at, monkeypatch):
    assert get_settings().sign_ins_per_address == 60  # room for a clinic behind one address
    with settings(monkeypatch, SIGN_INS_PER_ADDRESS="5"):
        register(client_at(CLINIC_WIFI), "patient@example.org")  # the first sign-in
        flat_out = client_at(CLINIC_WIFI)
        assert [sign_in(flat_out, "patient@example.org") for _ in range(3)] == [200] * 3
        assert sign_in(flat_out, "nobody@example.org", WRONG) == 401
        before = sessions()
        limited = flat_out.post("/api/auth/login", json={"email": "patient@example.org", "password": PASSWORD})
        assert limited.status_code == 429 and "Wait 15 minutes" in limited.json()["message"]
        assert sessions() == before  # nothing hashed, no session made
        assert sign_in(client_at(OWNER_AT_HOME), "patient@example.org") == 200  # another address


# ---- forwarded headers: only from HEELSTRONG_TRUSTED_PROXIES


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(client_at, monkeypatch, cheap_unknown_emails):
    with settings(monkeypatch, SIGN_INS_PER_ADDRESS="3"):
        local = client_at("127.0.0.1")  # a client of a proxy on this machine, or one who pretends
        statuses = [sign_in(local, f"n{n}@example.org", WRONG, **{"X-Forwarded-For": f"203.0.113.{n}"})
                    for n in range(3)]
        statuses.append(sign_in(local, "n@example.org", WRONG, Forwarded="for=203.0.113.200"))
        assert statuses == [401, 401, 401, 429]


def test_a_trusted_proxy_names_the_client_and_nobody_else_can(client_at, monkeypatch, cheap_unknown_emails):
    with settings(monkeypatch, SIGN_INS_PER_ADDRESS="3", TRUSTED_PROXIES="10.0.0.0/8, 2001:db8::1"):
        behind = create_app()
        proxy = client_at("10.0.0.2", on=behind)

        def attempt(client=proxy, **headers) -> int:
            return sign_in(client, f"x{time.monotonic_ns()}@example.org", WRONG, **headers)

        for n in range(3):
            assert attempt(**{"X-Forwarded-For": f"198.51.100.{n}"}) == 401  # three clients, one each
        assert [attempt(**{"X-Forwarded-For": ATTACKER}) for _ in range(3)] == [401] * 3
        # The client writes the far end of the chain; the proxy (and another of ours) the near end.
        assert attempt(**{"X-Forwarded-For": f"192.0.2.99, {ATTACKER}, 10.0.0.7"}) == 429
        assert attempt(Forwarded=f'for="{ATTACKER}:4711";proto=https') == 429  # RFC 7239, same client
        assert attempt(Forwarded='for="[2001:db8:cafe::17]:4711"') == 401
        assert attempt(client_at("2001:db8::1", on=behind), **{"X-Forwarded-For": "192.0.2.50"}) == 401
        # Not from a listed proxy: the headers say nothing, the peer is the client.
        stranger = client_at("192.0.2.77", on=behind)
        assert [attempt(stranger, **{"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(10, 14)] == [401] * 3 + [429]


def test_a_trusted_proxy_says_which_scheme_the_client_used(client_at, monkeypatch, patient):
    with settings(monkeypatch, TRUSTED_PROXIES="10.0.0.2"):
        behind = create_app()
        proxy = client_at("10.0.0.2", on=behind)
        proxy.cookies = patient.cookies
        every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        assert proxy.put("/api/reminders", json={"time": "07:30", "days": every_day}).status_code == 200
        token = proxy.post("/api/reminders/calendar").json()["token"]
        feed = proxy.get(f"/api/calendar/{token}.ics", headers={"X-Forwarded-Proto": "https", "Host": "heel.example"})
        assert "URL:https://heel.example/" in feed.text
        stranger = client_at("192.0.2.77", on=behind)
        feed = stranger.get(f"/api/calendar/{token}.ics", headers={"X-Forwarded-Proto": "https", "Host": "heel.example"})
        assert "URL:http://heel.example/" in feed.text


def test_a_trusted_proxy_setting_that_is_not_an_address_stops_start_up(monkeypatch):
    with settings(monkeypatch, TRUSTED_PROXIES="127.0.0.1, proxy.local"), pytest.raises(SettingsError) as stop:
        get_settings()
    assert "HEELSTRONG_TRUSTED_PROXIES" in str(stop.value) and "'proxy.local' is not an IP address" in str(stop.value)


def _real_server_attempts(base: str, forwarded_for: list[str]) -> list[int]:
    with httpx.Client(base_url=base, headers=CSRF) as client:
        return [sign_in(client, f"r{n}@example.org", WRONG, **{"X-Forwarded-For": address})
                for n, address in enumerate(forwarded_for)]


def test_the_real_server_trusts_no_forwarded_header_by_default(database_url):
    # uvicorn trusted X-Forwarded-For from 127.0.0.1: a client here reset its limits at will.
    env = {"HEELSTRONG_SIGN_INS_PER_ADDRESS": "3"}
    with running_server(database_url, env, serve_args=()) as server:
        rotating = [f"203.0.113.{n}" for n in range(5)]
        assert _real_server_attempts(server.base, rotating) == [401] * 3 + [429] * 2


def test_the_real_server_trusts_a_proxy_it_is_told_to(database_url):
    env = {"HEELSTRONG_SIGN_INS_PER_ADDRESS": "3", "HEELSTRONG_TRUSTED_PROXIES": "127.0.0.1"}
    with running_server(database_url, env, serve_args=()) as server:
        assert _real_server_attempts(server.base, [f"203.0.113.{n}" for n in range(5)]) == [401] * 5
        assert _real_server_attempts(server.base, ["198.51.100.23"] * 4) == [401] * 3 + [429]
        deadline = time.monotonic() + 5
        while "198.51.100.23:0 - " not in server.output() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert '198.51.100.23:0 - "POST /api/auth/login HTTP/1.1" 429' in server.output()  # the log says who


# ---- share links: a few expiries, a few links


def test_a_share_link_works_for_7_30_or_90_days(patient):
    for days in (7, 30, 90):
        link = patient.post("/api/share-links", json={"expires_in_days": days})
        assert link.status_code == 201, link.text
        expires = datetime.fromisoformat(link.json()["expires_at"])
        assert abs(expires - (datetime.now(UTC) + timedelta(days=days))) < timedelta(minutes=1)
    for days in (1, 14, 365, 0, "30", None):
        refused = patient.post("/api/share-links", json={"expires_in_days": days})
        assert refused.status_code == 422, days
        assert refused.json()["message"] == "expires_in_days must be one of 7, 30 or 90.", refused.text
    assert len(patient.get("/api/share-links").json()) == 3


def test_a_patient_has_at_most_ten_working_links(patient, other_patient):
    links = [patient.post("/api/share-links", json={"label": f"clinician {n}"}) for n in range(10)]
    assert [link.status_code for link in links] == [201] * 10
    refused = patient.post("/api/share-links", json={"label": "one more"})
    assert refused.status_code == 422
    assert "10 working links" in refused.json()["message"] and "revoke one" in refused.json()["message"]
    assert len(patient.get("/api/share-links").json()) == 10
    assert other_patient.post("/api/share-links", json={}).status_code == 201  # each patient has their own

    assert patient.delete(f"/api/share-links/{links[0].json()['id']}").status_code == 204
    assert patient.post("/api/share-links", json={}).status_code == 201  # a revoked one makes room
    with Session(get_engine()) as db:
        expired = db.get(ShareLink, links[1].json()["id"])
        expired.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.add(expired)
        db.commit()
    assert patient.post("/api/share-links", json={}).status_code == 201  # so does an expired one
    assert patient.post("/api/share-links", json={}).status_code == 422
