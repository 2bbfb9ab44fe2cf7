from tests.api.conftest import PASSWORD, register, sign_up

PROFILE = {"display_name": None, "painful_side": "left", "condition": "achilles_midportion", "program_start": "2026-11-02",
           "timezone": "Europe/Oslo", "equipment": ["band"]}


def test_register_then_sign_in_and_me_shows_the_account(new_client):
    client = new_client()
    response = client.post("/api/auth/register", json={"email": "Ana@Example.org ", "password": PASSWORD})
    assert response.status_code == 202 and "set-cookie" not in response.headers
    assert client.get("/api/me").status_code == 401  # registering does not sign in
    response = client.post("/api/auth/login", json={"email": "ana@example.org", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    me = client.get("/api/me").json()
    assert me["email"] == "ana@example.org" and me["profile"] is None


def test_profile_is_saved_and_editable(new_client):
    client = register(new_client(), "p@example.org")
    assert client.get("/api/profile").status_code == 404
    assert client.put("/api/profile", json=PROFILE).json() == PROFILE | {"program": "ladder"}
    assert client.put("/api/profile", json=PROFILE | {"painful_side": "both"}).status_code == 200
    assert client.get("/api/me").json()["profile"]["painful_side"] == "both"


def test_invalid_time_zone_is_refused_with_a_hint(patient):
    response = patient.put("/api/profile", json=PROFILE | {"timezone": "Mars/Olympus"})
    assert response.status_code == 422
    assert "Mars/Olympus" in response.json()["message"] and "Europe/Oslo" in response.json()["message"]
    assert patient.get("/api/profile").json()["timezone"] == "UTC"


def test_unknown_side_or_condition_is_refused(patient):
    assert patient.put("/api/profile", json=PROFILE | {"painful_side": "middle"}).status_code == 422
    response = patient.put("/api/profile", json=PROFILE | {"condition": "broken"})
    assert "condition must be one of" in response.json()["message"]


def test_short_password_and_bad_email_are_refused(new_client):
    client = new_client()
    short = client.post("/api/auth/register", json={"email": "a@example.org", "password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.json()["message"]
    bad_email = client.post("/api/auth/register", json={"email": "not-an-email", "password": PASSWORD})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["message"]


def test_registering_a_taken_email_answers_as_a_new_one_and_changes_nothing(new_client, monkeypatch):
    from heelstrong.accounts import service

    sign_up(new_client(), "same@example.org")
    hashed, real_hash = [], service.hash_password
    monkeypatch.setattr(service, "hash_password", lambda password: hashed.append(password) or real_hash(password))
    taken = new_client().post("/api/auth/register", json={"email": "SAME@example.org", "password": "another one!"})
    new = new_client().post("/api/auth/register", json={"email": "new@example.org", "password": "another one!"})

    assert taken.status_code == new.status_code == 202
    assert taken.json() == new.json() and "sign in" in new.json()["message"]
    assert sorted(taken.headers) == sorted(new.headers) and "set-cookie" not in taken.headers
    assert hashed == ["another one!"] * 2  # a password hashed either way: both take as long
    owner = new_client()  # the account is as it was
    assert owner.post("/api/auth/login", json={"email": "same@example.org", "password": "another one!"}).status_code == 401
    assert owner.post("/api/auth/login", json={"email": "same@example.org", "password": PASSWORD}).status_code == 200


def test_login_failure_does_not_reveal_whether_the_email_exists(new_client):
    sign_up(new_client(), "known@example.org")
    wrong_password = new_client().post("/api/auth/login", json={"email": "known@example.org", "password": "x" * 12})
    unknown_email = new_client().post("/api/auth/login", json={"email": "nobody@example.org", "password": "x" * 12})
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json() == unknown_email.json()


def test_login_then_logout_revokes_the_session_server_side(new_client):
    sign_up(new_client(), "ana@example.org")
    client = new_client()
    assert client.post("/api/auth/login", json={"email": "ana@example.org", "password": PASSWORD}).status_code == 200
    stolen_cookie = client.cookies.get("heelstrong_session")
    assert client.post("/api/auth/logout").status_code == 204
    assert client.get("/api/me").status_code == 401
    replayed = new_client()
    replayed.cookies.set("heelstrong_session", stolen_cookie)
    assert replayed.get("/api/me").status_code == 401


def test_every_data_route_needs_a_session(new_client):
    client = new_client()
    for method, path in [("GET", "/api/me"), ("GET", "/api/profile"), ("PUT", "/api/profile"),
                         ("GET", "/api/exercises"), ("GET", "/api/checkins"), ("POST", "/api/checkins"),
                         ("GET", "/api/sessions"), ("POST", "/api/sessions"),
                         ("GET", "/api/sessions/0b6f3a52-9f0e-4d5b-8c55-0a4f6c1d2e3f"),
                         ("PATCH", "/api/sets/0b6f3a52-9f0e-4d5b-8c55-0a4f6c1d2e3f"),
                         ("DELETE", "/api/sets/0b6f3a52-9f0e-4d5b-8c55-0a4f6c1d2e3f")]:
        response = client.request(method, path, json={})
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json()["message"] == "Sign in to continue."


def test_unsafe_requests_need_the_csrf_header_and_our_origin(patient, app):
    from fastapi.testclient import TestClient

    bare = TestClient(app, cookies=patient.cookies)
    refused = bare.put("/api/profile", json=PROFILE)
    assert refused.status_code == 403 and "X-Heelstrong-CSRF" in refused.json()["message"]
    foreign = patient.put("/api/profile", json=PROFILE, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert patient.get("/api/profile").json()["timezone"] == "UTC"


def test_security_headers_are_on_every_response(new_client):
    response = new_client().get("/api/health")
    assert response.json() == {"status": "ok"}
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_failed_logins_are_rate_limited_per_account_and_address(new_client):
    sign_up(new_client(), "target@example.org")
    attacker = new_client()
    for _ in range(10):
        assert attacker.post("/api/auth/login", json={"email": "target@example.org", "password": "x" * 12}).status_code == 401
    limited = attacker.post("/api/auth/login", json={"email": "target@example.org", "password": PASSWORD})
    assert limited.status_code == 429 and "Wait 15 minutes" in limited.json()["message"]
    assert limited.headers["retry-after"] == "900"
    other_account = attacker.post("/api/auth/login", json={"email": "nobody@example.org", "password": "x" * 12})
    assert other_account.status_code == 401


def test_the_web_app_shell_is_served_for_app_routes_but_missing_files_are_404(new_client):
    client = new_client()
    assert client.get("/api/nope").status_code == 404
    assert client.get("/missing.js").status_code == 404
    shell = client.get("/history")
    assert shell.status_code in (200, 503)  # 503 only when the frontend is not built
    assert client.head("/history").status_code == shell.status_code


def test_the_flaky_writes_hook_fails_every_nth_write_before_it_runs(monkeypatch, database_url):
    from fastapi.testclient import TestClient

    from heelstrong.app import create_app
    from heelstrong.core.config import get_settings

    monkeypatch.setenv("HEELSTRONG_FAIL_EVERY_NTH_WRITE", "2")
    get_settings.cache_clear()
    try:
        client = TestClient(create_app(), headers={"X-Heelstrong-CSRF": "1"})
        credentials = {"email": "f@example.org", "password": PASSWORD}
        assert client.post("/api/auth/register", json=credentials).status_code == 202
        failed = client.post("/api/auth/login", json=credentials)
        assert failed.status_code == 503 and client.get("/api/me").status_code == 401
        assert client.post("/api/auth/login", json=credentials).status_code == 200
        failed = client.put("/api/profile", json=PROFILE)
        assert failed.status_code == 503 and "nothing was stored" in failed.json()["message"]
        assert client.get("/api/profile").status_code == 404
        assert client.put("/api/profile", json=PROFILE).status_code == 200
    finally:
        monkeypatch.delenv("HEELSTRONG_FAIL_EVERY_NTH_WRITE")
        get_settings.cache_clear()


def test_an_expired_session_no_longer_signs_in(patient):
    from datetime import UTC, datetime, timedelta

    from sqlmodel import Session, select

    from heelstrong.accounts.models import AuthSession
    from heelstrong.core.db import get_engine

    assert patient.get("/api/me").status_code == 200
    with Session(get_engine()) as db:
        for row in db.exec(select(AuthSession)):
            row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
            db.add(row)
        db.commit()
    assert patient.get("/api/me").status_code == 401


def test_the_app_shell_carries_the_strict_headers_too(new_client):
    response = new_client().get("/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_registrations_are_limited_per_address(new_client, monkeypatch):
    from heelstrong.core.config import get_settings

    monkeypatch.setenv("HEELSTRONG_REGISTRATIONS_PER_HOUR", "3")
    get_settings.cache_clear()
    try:
        for _ in range(3):
            sign_up(new_client())
        response = new_client().post("/api/auth/register", json={"email": "fourth@example.org", "password": PASSWORD})
        assert response.status_code == 429
    finally:
        monkeypatch.delenv("HEELSTRONG_REGISTRATIONS_PER_HOUR")
        get_settings.cache_clear()
