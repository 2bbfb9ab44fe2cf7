"""Reminders by Web Push, against a push service on loopback that does what a real one does to
a sender: it checks the VAPID signature (RFC 8292: an ES256 JWT for this origin, not expired,
naming a contact, under the key the server publishes) and, as the phone would, decrypts the
message (RFC 8291, aes128gcm) with a key pair and auth secret the test made for the device.
The sender rings each patient once per local date, at their time in their zone, on their days,
even with two senders at once; a subscription the service says is gone (410) is deleted."""

import base64
import json
import os
import threading
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from sqlmodel import Session, select

from heelstrong.core.db import get_engine
from heelstrong.reminders import models, push
from heelstrong.reminders.models import PushKeys, PushSubscription, ReminderPush
from tests.api.test_reminders import EVERY_DAY, remind, set_profile

NEW_YORK = ZoneInfo("America/New_York")


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Device:
    """A phone's browser: its own P-256 key pair and auth secret, as PushManager.subscribe() makes."""

    def __init__(self, service: "PushService", name: str) -> None:
        self.name = name
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.endpoint = f"{service.origin}/push/{name}"
        self.subscription = {"endpoint": self.endpoint, "expirationTime": None,
                             "keys": {"p256dh": b64encode(point), "auth": b64encode(self.auth)}}


def verify_vapid(authorization: str, origin: str) -> str:
    """The `vapid t=<JWT>, k=<key>` header checked as a push service checks it; answers the key."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    header_b64, claims_b64, signature_b64 = token.split(".")
    header, claims = json.loads(b64decode(header_b64)), json.loads(b64decode(claims_b64))
    assert header == {"typ": "JWT", "alg": "ES256"}
    signature = b64decode(signature_b64)
    assert len(signature) == 64  # JOSE: r and s, 32 bytes each
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(key))
    der = encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:]))
    public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    assert claims["aud"] == origin
    assert clock.time() < claims["exp"] <= clock.time() + 24 * 3600  # RFC 8292: at most 24 hours ahead
    assert claims["sub"].startswith(("mailto:", "https://"))
    return key


class PushService:
    """A push service on 127.0.0.1: every POST verified and decrypted; answers per device."""

    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        self.answers: dict[str, int] = {}  # device name -> status (201 unless set)
        self.received: list[dict] = []  # each: device, payload (decrypted JSON), key, headers
        self.errors: list[str] = []
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                name = self.path.removeprefix("/push/")
                try:
                    device = service.devices[name]
                    key = verify_vapid(self.headers["Authorization"], service.origin)
                    assert self.headers["Content-Encoding"] == "aes128gcm"
                    assert int(self.headers["TTL"]) > 0
                    plain = http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth,
                                             version="aes128gcm")
                    record = {"device": name, "payload": json.loads(plain), "key": key,
                              "urgency": self.headers.get("Urgency")}
                except (AssertionError, InvalidSignature, KeyError, ValueError) as error:
                    with service.lock:
                        service.errors.append(f"{name}: {error!r}")
                    status = 400
                else:
                    with service.lock:
                        service.received.append(record)
                    status = service.answers.get(name, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def device(self, name: str) -> Device:
        self.devices[name] = Device(self, name)
        return self.devices[name]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service(monkeypatch):
    monkeypatch.setattr(models, "PUSH_SCHEMES", ("https", "http"))  # the test's service speaks plain http
    running = PushService()
    yield running
    running.close()
    assert running.errors == []  # every message was signed and encrypted as a push service requires


def subscribe(client, device: Device, status: int = 201) -> dict:
    response = client.post("/api/reminders/push", json=device.subscription)
    assert response.status_code == status, response.text
    return response.json()


def send(now: datetime) -> int:
    with Session(get_engine(), expire_on_commit=False) as db:
        return push.send_due(db, now)


def claims() -> list[ReminderPush]:
    with Session(get_engine()) as db:
        return list(db.exec(select(ReminderPush)).all())


def utc_today() -> date:
    return datetime.now(UTC).date()


def at(day: date, hh: int, mm: int, zone=UTC) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=zone)


# ---------------------------------------------------------------- subscribing


def test_the_key_is_made_once_and_a_device_subscribes_and_unsubscribes(patient, other_patient, service, new_client):
    first = patient.get("/api/reminders/push")
    assert first.status_code == 200, first.text
    key = first.json()["public_key"]
    assert len(b64decode(key)) == 65 and b64decode(key)[0] == 4  # an uncompressed P-256 point
    assert first.json()["devices"] == 0
    assert other_patient.get("/api/reminders/push").json()["public_key"] == key  # one key for the server, kept
    with Session(get_engine()) as db:
        stored = db.exec(select(PushKeys)).all()
    assert len(stored) == 1 and stored[0].public_key == key and "PRIVATE KEY" in stored[0].private_key_pem

    phone = service.device("phone")
    assert subscribe(patient, phone) == {"public_key": key, "devices": 1}
    assert subscribe(patient, phone, status=200)["devices"] == 1  # the same device again: kept once
    assert subscribe(patient, service.device("tablet"))["devices"] == 2

    # The phone signs in as someone else: it is theirs now.
    assert subscribe(other_patient, phone, status=200)["devices"] == 1
    assert patient.get("/api/reminders/push").json()["devices"] == 1
    # Another patient cannot unsubscribe a device that is not theirs.
    tablet = service.devices["tablet"].endpoint
    assert other_patient.request("DELETE", "/api/reminders/push", json={"endpoint": tablet}).status_code == 204
    assert patient.get("/api/reminders/push").json()["devices"] == 1
    assert patient.request("DELETE", "/api/reminders/push", json={"endpoint": tablet}).status_code == 204
    assert patient.get("/api/reminders/push").json()["devices"] == 0

    assert new_client().get("/api/reminders/push").status_code == 401
    assert new_client().post("/api/reminders/push", json=phone.subscription).status_code == 401


@pytest.mark.parametrize(("change", "words"), [
    ({"endpoint": "javascript:alert(1)"}, "endpoint must be the push service's https URL"),
    ({"endpoint": "https://"}, "endpoint must be the push service's https URL"),
    ({"keys": {"p256dh": "not base64!" * 3, "auth": "c2VjcmV0c2VjcmV0"}}, "must be URL-safe base64"),
    ({"keys": {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"}},
     "auth"),
])
def test_a_subscription_that_is_not_one_is_refused(patient, change, words):
    body = {"endpoint": "https://push.example/abc", "expirationTime": None,
            "keys": {"p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                     "auth": "tBHItJI5svbpez7KI4CCXg"}} | change
    response = patient.post("/api/reminders/push", json=body)
    assert response.status_code == 422, response.text
    assert words in response.json()["message"]


def test_plain_http_push_services_are_refused(patient):
    device = {"endpoint": "http://10.0.0.1/internal", "keys": {"p256dh": "A" * 87, "auth": "A" * 22}}
    response = patient.post("/api/reminders/push", json=device)
    assert response.status_code == 422 and "https URL" in response.json()["message"]


# ---------------------------------------------------------------- sending


def test_the_reminder_is_decrypted_by_the_device_and_sent_once_by_two_concurrent_senders(patient, service):
    remind(patient, "07:30", EVERY_DAY)
    key = patient.get("/api/reminders/push").json()["public_key"]
    phone = service.device("phone")
    subscribe(patient, phone)
    now = at(utc_today(), 7, 31)

    results, start = [], threading.Barrier(2)

    def sender() -> None:
        start.wait()
        results.append(send(now))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [0, 1]  # one sender had the claim; the other sent nothing
    assert len(service.received) == 1
    message = service.received[0]
    assert message["key"] == key  # signed with the key the app subscribes with
    assert message["urgency"] == "normal"
    payload = message["payload"]
    assert payload["title"] == "Time for your heel exercises"
    assert payload["body"] == "Calf holds 3 x 30 s, hip work. Tap to open today's plan."
    assert payload["url"] == "/" and payload["tag"] == f"heelstrong-reminder-{utc_today().isoformat()}"
    [claim] = claims()
    assert (claim.local_date, claim.delivered) == (utc_today(), 1)

    # Later checks the same day send nothing more, even after the patient moves the time.
    assert send(at(utc_today(), 8, 0)) == 0
    remind(patient, "09:00", EVERY_DAY)
    assert send(at(utc_today(), 9, 1)) == 0
    assert len(service.received) == 1


def test_the_time_zone_the_days_and_the_program_start_are_respected(patient, other_patient, service):
    # New York, 07:30 on Mondays and Thursdays only.
    set_profile(patient, "America/New_York", program_start=(utc_today() - timedelta(days=60)).isoformat())
    remind(patient, "07:30", ["mon", "thu"])
    subscribe(patient, service.device("ny"))
    monday = utc_today() - timedelta(days=utc_today().weekday()) - timedelta(days=7)  # last week's
    tuesday = monday + timedelta(days=1)

    assert send(at(monday, 7, 30)) == 0  # 07:30 UTC is 02:30 or 03:30 in New York
    assert send(at(monday, 7, 29, NEW_YORK)) == 0  # a minute early
    assert send(at(tuesday, 7, 45, NEW_YORK)) == 0  # not one of the days
    assert send(at(monday, 9, 31, NEW_YORK)) == 0  # two hours late: the morning has gone
    assert send(at(monday, 7, 30, NEW_YORK)) == 1
    assert [c.local_date for c in claims()] == [monday]
    thursday = monday + timedelta(days=3)
    assert send(at(thursday, 8, 10, NEW_YORK)) == 1  # late (a server was down), still that morning

    # A reminder late in the evening is still due just after midnight; a program not started is not.
    set_profile(other_patient, "UTC", program_start=(utc_today() + timedelta(days=1)).isoformat())
    remind(other_patient, "23:30", EVERY_DAY)
    subscribe(other_patient, service.device("later"))
    assert send(at(utc_today(), 23, 45)) == 0  # its program starts tomorrow
    assert send(at(utc_today() + timedelta(days=2), 0, 10)) == 1  # tomorrow's 23:30, ten minutes past midnight
    assert [p["device"] for p in service.received] == ["ny", "ny", "later"]


def test_a_patient_without_a_device_or_a_time_is_not_claimed(patient, other_patient, service):
    remind(patient, "07:30", EVERY_DAY)  # no device
    subscribe(other_patient, service.device("phone"))  # no reminder time
    assert send(at(utc_today(), 7, 31)) == 0
    assert claims() == []


def test_a_gone_subscription_is_deleted_and_the_others_still_ring(patient, service):
    remind(patient, "07:30", EVERY_DAY)
    subscribe(patient, service.device("old-phone"))
    subscribe(patient, service.device("new-phone"))
    service.answers["old-phone"] = 410
    assert send(at(utc_today(), 7, 31)) == 1
    with Session(get_engine()) as db:
        endpoints = [row.endpoint for row in db.exec(select(PushSubscription)).all()]
    assert endpoints == [service.devices["new-phone"].endpoint]
    assert patient.get("/api/reminders/push").json()["devices"] == 1
    assert claims()[0].delivered == 1


def test_a_device_the_service_cannot_take_now_is_tried_again_and_a_404_ends_it(patient, service):
    remind(patient, "07:30", EVERY_DAY)
    subscribe(patient, service.device("phone"))
    service.answers["phone"] = 503
    assert send(at(utc_today(), 7, 31)) == 0
    assert claims() == []  # given back: the next check tries again
    service.answers["phone"] = 201
    assert send(at(utc_today(), 7, 32)) == 1
    assert [p["device"] for p in service.received] == ["phone", "phone"]

    service.answers["phone"] = 404
    assert send(at(utc_today() + timedelta(days=1), 7, 31)) == 0
    assert patient.get("/api/reminders/push").json()["devices"] == 0  # gone, and not tried again
    assert send(at(utc_today() + timedelta(days=1), 7, 40)) == 0
    assert len(service.received) == 3


def test_the_cli_sends_what_is_due(patient, service, capsys):
    from heelstrong import cli

    now = datetime.now(UTC)
    remind(patient, f"{now.hour:02d}:{now.minute:02d}", EVERY_DAY)  # due this minute
    subscribe(patient, service.device("phone"))
    cli.main(["send-reminders"])
    assert capsys.readouterr().out.strip() == "sent 1 reminders"
    assert len(service.received) == 1


def test_the_push_service_refuses_a_forged_or_misdirected_signature(patient, service):
    """The checks above are real: a token signed by another key, or for another origin, fails."""
    from py_vapid import Vapid02

    key = patient.get("/api/reminders/push").json()["public_key"]
    other = Vapid02()
    other.generate_keys()
    claims_ = {"aud": service.origin, "exp": int(clock.time()) + 600, "sub": "mailto:a@example.org"}
    forged = other.sign(dict(claims_))["Authorization"]
    token = forged.split("t=")[1].split(",")[0]
    with pytest.raises(InvalidSignature):
        verify_vapid(f"vapid t={token}, k={key}", service.origin)
    signed = other.sign(dict(claims_, aud="https://elsewhere.example"))["Authorization"]
    with pytest.raises(AssertionError):
        verify_vapid(signed, service.origin)
    assert verify_vapid(other.sign(dict(claims_))["Authorization"], service.origin)
