"""Reminders by Web Push: the server's VAPID keys (made once, kept in the database), each device's
subscription, and the sender that rings every patient at their time, in their time zone, on their
days, once: a claim row per patient and local date is inserted before anything is sent, so of
any number of workers and hosts checking at once, one sends and the rest send nothing."""

import asyncio
import base64
import hashlib
import json
import logging
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import anyio.to_thread
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from heelstrong.accounts.models import Profile, User
from heelstrong.core.base import utcnow
from heelstrong.core.config import get_settings
from heelstrong.core.db import new_session
from heelstrong.progression import service as progression
from heelstrong.reminders.models import (
    WEEKDAYS,
    PushKeys,
    PushPublic,
    PushSubscription,
    PushSubscriptionIn,
    Reminder,
    ReminderPush,
)
from heelstrong.reminders.service import today_summary

logger = logging.getLogger("heelstrong.reminders")

# A reminder is sent from its time until this much later (a server down at 07:30 still rings at
# 08:10; one down all morning does not ring in the evening). Push services drop it after the same.
LATE_LIMIT = timedelta(hours=2)
SEND_TIMEOUT_SECONDS = 10
GONE = (404, 410)  # the push service says the subscription has ended: it is deleted
TITLE = "Time for your heel exercises"
FALLBACK_BODY = "Your plan for today is ready. Tap to open it."


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# ---------------------------------------------------------------- keys and subscriptions


def vapid_keys(db: Session) -> PushKeys:
    """The server's key pair, made the first time it is needed (at a worker's start); when two
    workers make one at once, the first stored wins and both use it."""
    keys = db.get(PushKeys, 1)
    if keys is not None:
        return keys
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    point = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    keys = PushKeys(id=1, private_key_pem=pem, public_key=_b64url(point))
    db.add(keys)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        keys = db.get(PushKeys, 1)
    return keys


def _devices(db: Session, user: User) -> int:
    count = select(func.count()).select_from(PushSubscription).where(PushSubscription.user_id == user.id)
    return db.exec(count).one()


def push_status(db: Session, user: User) -> PushPublic:
    return PushPublic(public_key=vapid_keys(db).public_key, devices=_devices(db, user))


def _endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def _by_endpoint(db: Session, endpoint: str) -> PushSubscription | None:
    return db.exec(select(PushSubscription).where(PushSubscription.endpoint_hash == _endpoint_hash(endpoint))).first()


def subscribe(db: Session, user: User, subscription: PushSubscriptionIn) -> tuple[PushPublic, bool]:
    """Keep this device's subscription (the same endpoint again updates it: a replay changes
    nothing). A device belongs to whoever subscribed it last. ``True``: a new device."""
    values = {"user_id": user.id, "p256dh": subscription.keys.p256dh, "auth": subscription.keys.auth}
    row = _by_endpoint(db, subscription.endpoint)
    created = row is None
    if row is None:
        row = PushSubscription(id=uuid.uuid4(), endpoint=subscription.endpoint,
                               endpoint_hash=_endpoint_hash(subscription.endpoint), **values)
    elif all(getattr(row, name) == value for name, value in values.items()):
        return push_status(db, user), False
    else:
        row.sqlmodel_update(values)
    db.add(row)
    try:
        db.commit()
    except IntegrityError:  # the same device sent it twice at once: the other one stored it
        db.rollback()
        created = False
    return push_status(db, user), created


def unsubscribe(db: Session, user: User, endpoint: str) -> None:
    """This device gets no more notifications (another patient's device is left alone)."""
    row = _by_endpoint(db, endpoint)
    if row is not None and row.user_id == user.id:
        db.delete(row)
        db.commit()


# ---------------------------------------------------------------- who is due


@dataclass(frozen=True)
class Due:
    user_id: int
    local_date: date


def due(db: Session, now: datetime) -> list[Due]:
    """Patients with a device whose reminder time has come (within LATE_LIMIT) on one of their
    days, in their own time zone, from the day their program starts, and not yet claimed."""
    with_device = select(PushSubscription.user_id).distinct()
    rows = db.exec(
        select(Reminder, Profile)
        .join(Profile, Profile.user_id == Reminder.user_id)
        .where(Reminder.remind_at.is_not(None), Reminder.user_id.in_(with_device))
    ).all()
    found = []
    for reminder, profile in rows:
        zone = ZoneInfo(profile.timezone)
        today = now.astimezone(zone).date()
        for day in (today - timedelta(days=1), today):  # 23:30's reminder may still be due after midnight
            at = datetime.combine(day, reminder.remind_at, tzinfo=zone)
            in_time = at <= now < at + LATE_LIMIT
            if in_time and WEEKDAYS[day.weekday()] in reminder.day_list() and day >= profile.program_start:
                found.append(Due(reminder.user_id, day))
    if not found:
        return []
    claimed = db.exec(
        select(ReminderPush.user_id, ReminderPush.local_date).where(
            ReminderPush.user_id.in_({item.user_id for item in found}),
            ReminderPush.local_date >= min(item.local_date for item in found),
        )
    ).all()
    return [item for item in found if (item.user_id, item.local_date) not in set(claimed)]


def claim(db: Session, item: Due) -> bool:
    """Insert the claim; ``False`` when another sender has it (then this one sends nothing)."""
    db.add(ReminderPush(user_id=item.user_id, local_date=item.local_date))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


# ---------------------------------------------------------------- sending


def message(db: Session, item: Due) -> dict:
    """The notification: the day's plan in a line ("Calf holds 3 x 30 s, hip work"), and where a tap goes."""
    body = FALLBACK_BODY
    user = db.get(User, item.user_id)
    try:
        result, _recent = progression.evaluate(db, user, item.local_date)
        plan = today_summary(result.plan).removeprefix("Heel rehab: ")
        body = f"{plan[:1].upper()}{plan[1:]}. Tap to open today's plan."
    except Exception:  # a plan that cannot be read today still leaves a reminder to send
        db.rollback()
        logger.exception("reminder for patient %s: no plan for the message", item.user_id)
    return {"title": TITLE, "body": body, "url": "/", "tag": f"heelstrong-reminder-{item.local_date.isoformat()}"}


def _send_one(info: dict, payload: str, key: Vapid02, contact: str) -> int:
    """Encrypt (RFC 8291, aes128gcm) and post to the push service, signed (RFC 8292): its status."""
    try:
        response = webpush(
            info, payload, vapid_private_key=key, vapid_claims={"sub": contact},  # aud and exp: set per endpoint
            ttl=int(LATE_LIMIT.total_seconds()), timeout=SEND_TIMEOUT_SECONDS, headers={"Urgency": "normal"},
        )
    except WebPushException as error:
        return error.response.status_code if error.response is not None else 0
    except requests.RequestException:
        return 0
    return response.status_code


def deliver(db: Session, item: Due) -> int:
    """Send a claimed reminder to each of the patient's devices; a subscription the push service
    says is gone is deleted. When no device could be reached for now, the claim is given back so
    the next check tries again (within LATE_LIMIT). Answers the devices reached."""
    key = Vapid02.from_pem(vapid_keys(db).private_key_pem.encode())
    payload = json.dumps(message(db, item))
    devices = {
        row.id: {"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}}
        for row in db.exec(select(PushSubscription).where(PushSubscription.user_id == item.user_id))
    }
    db.rollback()  # no transaction held open while the push services answer
    contact = get_settings().push_contact
    statuses = {device_id: _send_one(info, payload, key, contact) for device_id, info in devices.items()}
    reached = [device_id for device_id, status in statuses.items() if 200 <= status < 300]
    for device_id, status in statuses.items():
        row = db.get(PushSubscription, device_id)
        if row is not None and status in GONE:
            logger.info("push subscription %s has ended (%s): deleted", device_id, status)
            db.delete(row)
        elif row is not None and device_id in reached:
            row.last_sent_at = utcnow()
            db.add(row)
    claimed = db.get(ReminderPush, (item.user_id, item.local_date))
    if claimed is not None and not reached and any(status not in GONE for status in statuses.values()):
        db.delete(claimed)
    elif claimed is not None:
        claimed.delivered = len(reached)
        db.add(claimed)
    db.commit()
    return len(reached)


def send_due(db: Session, now: datetime | None = None) -> int:
    """One check: every reminder due now is claimed, then sent. Answers the reminders sent."""
    sent = 0
    for item in due(db, now or utcnow()):
        if claim(db, item):
            sent += deliver(db, item) > 0
    return sent


def send_due_now() -> int:
    with new_session() as db:
        vapid_keys(db)  # made at a worker's first start, whether or not anyone is due
        return send_due(db)


async def reminder_loop(every_seconds: float) -> None:
    """Runs in each worker while it serves (started in the app's lifespan): a check every
    ``every_seconds`` (spread a little, so workers do not all ask at the same instant)."""
    await asyncio.sleep(random.uniform(1, 5))
    while True:
        try:
            await anyio.to_thread.run_sync(send_due_now)
        except Exception:  # a database that is away for a moment must not end the loop
            logger.exception("checking for reminders to send failed; trying again in %s s", every_seconds)
        await asyncio.sleep(every_seconds * random.uniform(0.9, 1.1))
