"""Reminder settings and the calendar feed's secret link (patient), and the feed (a calendar app, no account)."""

from fastapi import APIRouter, Request, Response

from heelstrong.core.deps import CurrentUser, OneHopRoute, SessionDep
from heelstrong.core.responses import SIGNED_IN, WRITE, errors
from heelstrong.reminders import push, service
from heelstrong.reminders.models import (
    CalendarFeedCreated,
    PushEndpoint,
    PushPublic,
    PushSubscriptionIn,
    ReminderPublic,
    ReminderUpdate,
)

router = APIRouter(prefix="/api", tags=["reminders"], route_class=OneHopRoute)


@router.get("/reminders", response_model=ReminderPublic, responses=SIGNED_IN)
def read_reminder(user: CurrentUser, db: SessionDep) -> ReminderPublic:
    """The reminder's time and days, and whether a calendar feed link is live."""
    return service.get_reminder(db, user)


@router.put("/reminders", response_model=ReminderPublic, responses={**SIGNED_IN, **WRITE, **errors(409)})
def update_reminder(update: ReminderUpdate, user: CurrentUser, db: SessionDep) -> ReminderPublic:
    """Set the reminder: a local time of day (HH:MM, the profile's time zone) and days; time null turns it off."""
    return service.save_reminder(db, user, update)


@router.post(
    "/reminders/calendar", response_model=CalendarFeedCreated, status_code=201, responses=errors(401, 403, 409)
)
def new_calendar_link(user: CurrentUser, db: SessionDep) -> CalendarFeedCreated:
    """A new secret link to the calendar feed (shown once). It replaces the last one, which stops working."""
    return service.new_calendar_link(db, user)


@router.delete("/reminders/calendar", status_code=204, responses=errors(401, 403))
def revoke_calendar_link(user: CurrentUser, db: SessionDep) -> None:
    """Turn the calendar feed off: its link answers 404 from now on."""
    service.revoke_calendar_link(db, user)


@router.get("/reminders/push", response_model=PushPublic, responses=SIGNED_IN)
def read_push(user: CurrentUser, db: SessionDep) -> PushPublic:
    """The server's VAPID public key (to subscribe with) and how many of your devices get notifications."""
    return push.push_status(db, user)


@router.post(
    "/reminders/push",
    response_model=PushPublic,
    status_code=201,
    responses={**SIGNED_IN, **WRITE, 200: {"description": "This device was subscribed already: kept, keys updated"}},
)
def subscribe_push(
    subscription: PushSubscriptionIn, response: Response, user: CurrentUser, db: SessionDep
) -> PushPublic:
    """This device gets the reminder as a notification: the browser's PushSubscription JSON, as it is."""
    public, created = push.subscribe(db, user, subscription)
    if not created:
        response.status_code = 200
    return public


@router.delete("/reminders/push", status_code=204, responses={**SIGNED_IN, **WRITE})
def unsubscribe_push(device: PushEndpoint, user: CurrentUser, db: SessionDep) -> None:
    """This device (its subscription's endpoint) gets no more notifications."""
    push.unsubscribe(db, user, device.endpoint)


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "iCalendar (RFC 5545): an event with an alarm a day"},
        404: {"description": "Unknown, replaced or revoked link"},
        429: {"description": "Asked too often"},
    },
)
def calendar_feed(token: str, request: Request, db: SessionDep) -> Response:
    """The reminder as a calendar subscription: the secret link is the credential (no sign-in)."""
    app_url = str(request.base_url)
    return Response(
        service.calendar_feed(db, token, app_url),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="heelstrong.ics"', "Cache-Control": "no-store"},
    )
