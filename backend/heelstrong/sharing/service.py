"""Share links (create, list, revoke, resolve) and the clinician summary they give access to."""

from datetime import date, timedelta

from fastapi import HTTPException
from sqlalchemy import func
from sqlmodel import Session, col, select

from heelstrong.accounts.models import Profile, User
from heelstrong.accounts.service import patient_today
from heelstrong.catalogue.loader import get_catalogue
from heelstrong.core.base import utcnow
from heelstrong.core.errors import not_found, unprocessable
from heelstrong.core.security import hash_token, new_token
from heelstrong.progress.service import default_range, progress
from heelstrong.progression import service as progression
from heelstrong.progression.engine import dose_words
from heelstrong.progression.engine.messages import rule_name
from heelstrong.progression.models import Decision, ThresholdFields
from heelstrong.progression.today import today_json
from heelstrong.sharing.glance import build_glance, patient_notes
from heelstrong.sharing.models import (
    DecisionLine,
    FlaggedSession,
    ShareAccess,
    ShareLink,
    ShareLinkCreate,
    ShareLinkCreated,
    ShareLinkPublic,
    Summary,
)

# The same answer for wrong, expired and revoked tokens: a link's fate is not revealed.
LINK_NOT_FOUND = "This link does not work: it may have expired or been revoked. Ask the patient for a new one."


def _public(db: Session, link: ShareLink) -> ShareLinkPublic:
    count, last = db.exec(
        select(func.count(ShareAccess.id), func.max(ShareAccess.accessed_at)).where(ShareAccess.link_id == link.id)
    ).one()
    return ShareLinkPublic(
        id=link.id,
        label=link.label,
        created_at=link.created_at,
        expires_at=link.expires_at,
        revoked_at=link.revoked_at,
        last_accessed_at=last,
        access_count=count,
        active=link.revoked_at is None and link.expires_at > utcnow(),
    )


# Working links a patient may have at once: enough for every clinician they see, while a burst
# of links (a script, a stolen session) stops here.
MAX_LIVE_LINKS = 10
TOO_MANY_LINKS = (
    f"You already have {MAX_LIVE_LINKS} working links: revoke one you no longer need "
    "(under Your links), then make the new one"
)


def create_link(db: Session, user: User, request: ShareLinkCreate) -> ShareLinkCreated:
    live = db.exec(
        select(func.count(ShareLink.id)).where(
            ShareLink.user_id == user.id, col(ShareLink.revoked_at).is_(None), ShareLink.expires_at > utcnow()
        )
    ).one()
    if live >= MAX_LIVE_LINKS:
        raise unprocessable(TOO_MANY_LINKS)
    token = new_token()
    link = ShareLink(
        user_id=user.id,
        token_hash=hash_token(token),
        label=request.label,
        expires_at=utcnow() + timedelta(days=request.expires_in_days),
    )
    db.add(link)
    db.commit()
    return ShareLinkCreated(**_public(db, link).model_dump(), token=token, path=f"/shared/{token}")


def list_links(db: Session, user: User) -> list[ShareLinkPublic]:
    links = db.exec(select(ShareLink).where(ShareLink.user_id == user.id).order_by(col(ShareLink.created_at).desc()))
    return [_public(db, link) for link in links]


def revoke_link(db: Session, user: User, link_id: int) -> None:
    link = db.get(ShareLink, link_id)
    if link is None or link.user_id != user.id:
        raise not_found("share link")
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        db.add(link)
        db.commit()


def _open(db: Session, token: str, what: str, start: date | None, end: date | None):
    """The live link, the patient behind it and the range asked for. A view is recorded only once
    the request is known to be good; a wrong, expired or revoked token is always the same 404."""
    link = db.exec(select(ShareLink).where(ShareLink.token_hash == hash_token(token))).first()
    if link is None or link.revoked_at is not None or link.expires_at <= utcnow():
        raise HTTPException(status_code=404, detail=LINK_NOT_FOUND)
    user = db.get(User, link.user_id)
    start, end = default_range(db, user, start, end)
    db.add(ShareAccess(link_id=link.id, what=what))
    db.commit()
    return link, user, start, end


def open_link(db: Session, token: str, what: str, start: date | None, end: date | None) -> tuple[User, date, date]:
    return _open(db, token, what, start, end)[1:]


def shared_summary(db: Session, token: str, start: date | None, end: date | None) -> Summary:
    """The summary a link shows, saying until when the link works."""
    link, user, start, end = _open(db, token, "summary", start, end)
    return build_summary(db, user, start, end, link)


def _decision_lines(decisions: list[Decision]) -> list[DecisionLine]:
    """Every decision, in date order. Routine "same dose again" decisions that follow one another
    with the same wording (so the same stage and dose), nothing else between, are one line with
    their count and dates."""
    runs: list[list[Decision]] = []
    for d in decisions:
        last = runs[-1][-1] if runs else None
        if (
            d.kind == "hold"
            and last is not None
            and (last.kind, last.track, last.rule, last.message) == (d.kind, d.track, d.rule, d.message)
        ):
            runs[-1].append(d)
        else:
            runs.append([d])
    return [
        DecisionLine(
            first_date=run[0].local_date,
            last_date=run[-1].local_date,
            count=len(run),
            track=run[0].track,
            kind=run[0].kind,
            rule=run[0].rule,
            rule_name=rule_name(run[0].rule, run[0].kind, run[0].reasons),
            message=run[0].message,
        )
        for run in runs
    ]


def _flagged(decisions: list[Decision]) -> list[FlaggedSession]:
    """Flagged sessions of either track, with the exercises and the highest pain."""
    names = {e.id: e.name for e in get_catalogue().exercises}
    flagged = []
    for d in decisions:
        if d.kind != "flag":
            continue
        rules = d.reasons.get("broken_rules", [d.rule])
        exercise_ids = d.reasons.get("exercise_ids") or (
            [d.reasons["exercise_id"]] if "exercise_id" in d.reasons else []
        )
        flagged.append(
            FlaggedSession(
                local_date=d.local_date,
                broken_rules=rules,
                rule_names=[rule_name(rule, d.kind, d.reasons) for rule in rules],
                pain=d.reasons.get("max_pain_during"),
                exercises=[names.get(e, e) for e in exercise_ids],
                message=d.message,
            )
        )
    return flagged


def build_summary(db: Session, user: User, start: date, end: date, link: ShareLink | None = None) -> Summary:
    profile = db.get(Profile, user.id)
    if profile is None:
        raise HTTPException(status_code=409, detail="There is nothing to summarise until the profile is set up.")
    today_json(db, user)  # decisions and state up to date (nothing to do while today's answer is current)
    state = progression.stored_state(db, user)
    thresholds = progression.thresholds_for(db, user)
    today = patient_today(db, user)
    # One read for the range's decisions and the glance's (the program's, from its start), as
    # plain rows: a year has hundreds, and ORM objects cost several times more to load.
    loaded = db.exec(
        select(
            Decision.local_date,
            Decision.track,
            Decision.kind,
            Decision.rule,
            Decision.message,
            Decision.reasons,
            Decision.acknowledged_at,
        )
        .where(Decision.user_id == user.id, Decision.local_date >= min(start, profile.program_start))
        .order_by(Decision.local_date, Decision.id)
    ).all()
    decisions = [d for d in loaded if start <= d.local_date <= end]
    chart = progress(db, user, start, end, today, thresholds.pain_limit + 1)
    flagged = _flagged(decisions)
    notes = patient_notes(db, user, start, end)
    catalogue = progression.patient_catalogue(profile)
    return Summary(
        patient_name=profile.display_name,
        email=user.email,
        painful_side=profile.painful_side,
        condition=profile.condition,
        program_start=profile.program_start,
        start=start,
        end=end,
        calf_stage=state.calf_stage,
        stage_count=len(catalogue.stages),
        stage_name=catalogue.stages[state.calf_stage - 1].name,
        program_name=catalogue.program().name,
        calf_dose=dose_words(state, catalogue),
        hip_resistance_steps=dict(state.hip_levels),
        exercise_names={e.id: e.name for e in catalogue.exercises if e.id in dict(state.hip_levels)},
        thresholds=ThresholdFields.model_validate(thresholds).model_dump(),
        progress=chart,
        link_expires_at=link.expires_at if link else None,
        glance=build_glance(
            db,
            user,
            profile,
            today,
            start,
            end,
            chart.weeks,
            flagged,
            notes,
            [d for d in loaded if d.local_date >= profile.program_start],
        ),
        notes=notes,
        flagged_sessions=flagged,
        decisions=_decision_lines(decisions),
    )
