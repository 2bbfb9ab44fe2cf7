"""Two servers on one database, each with the reminder sender its lifespan starts: a patient's
reminder reaches the push service once, signed with the key both servers share (made at the
first start, kept in the database)."""

import time
import uuid
from datetime import UTC, datetime

from sqlmodel import Session, create_engine, select

from heelstrong.reminders import push
from heelstrong.reminders.models import PushSubscription, ReminderPush
from tests.api.test_push import PushService
from tests.server import running_server
from tests.system.clients import patient

SENDING = {"HEELSTRONG_SEND_REMINDERS": "true", "HEELSTRONG_REMINDER_CHECK_SECONDS": "5"}
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_two_servers_send_a_reminder_once(fresh_database_url):
    service = PushService()
    try:
        with running_server(fresh_database_url, SENDING) as first, running_server(fresh_database_url, SENDING) as second:
            client = patient(first.base)
            now = datetime.now(UTC)
            client.put("/api/reminders", json={"time": f"{now:%H:%M}", "days": EVERY_DAY}).raise_for_status()
            key = client.get("/api/reminders/push").json()["public_key"]
            other_host = patient(second.base)
            assert other_host.get("/api/reminders/push").json()["public_key"] == key  # one key for every host
            # The device is stored as the API stores it (its endpoint is plain http on loopback,
            # which the API takes from no one).
            device = service.device("phone")
            user_id = client.get("/api/me").json()["id"]
            engine = create_engine(fresh_database_url)
            with Session(engine) as db:
                keys = device.subscription["keys"]
                db.add(PushSubscription(id=uuid.uuid4(), user_id=user_id, endpoint=device.endpoint,
                                        endpoint_hash=push._endpoint_hash(device.endpoint), p256dh=keys["p256dh"],
                                        auth=keys["auth"]))
                db.commit()
            deadline = time.monotonic() + 30
            while not service.received and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(12)  # each server has checked at least twice more
            with Session(engine) as db:
                claims = db.exec(select(ReminderPush)).all()
            engine.dispose()
        assert [message["device"] for message in service.received] == ["phone"]
        assert service.received[0]["key"] == key
        assert [(claim.user_id, claim.delivered) for claim in claims] == [(user_id, 1)]
    finally:
        service.close()
    assert service.errors == []
