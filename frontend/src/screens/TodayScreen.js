import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { setCounts } from '../exercises.js';
import { useFocusOnMount } from '../focus.js';
import { HAND_OVER, PLAN_GROUPS, referralReason } from '../labels.js';
import { useDataVersion } from '../syncstate.js';
import { useBusy } from '../useBusy.js';
import { CheckinForm } from '../components/CheckinForm.js';
import { DecisionList } from '../components/DecisionList.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { SettleReminder } from '../components/PainCheck.js';
import { PlanItem } from '../components/PlanItem.js';
import { RedFlags } from '../components/RedFlags.js';
import { TodayTime } from '../components/TodayTime.js';
import { ClinicianNote, ReferralHandled } from '../components/clinician-link/ClinicianNote.js';
import { needsServer, useOffline } from '../components/clinician-link/online.js';
import { AddToCalendar } from '../components/reminders/AddToCalendar.js';
import { YesterdayNudge } from '../components/reminders/YesterdayNudge.js';
import { MeasuresLink, TodayMeasures } from '../components/measures/TodayMeasures.js';
import { Link } from '../router.js';

/** Open referral prompts, newest first (none in a plan kept from before the server listed them). */
const openReferrals = (plan) => plan.referrals ?? [];

/**
 * The clinician's notes on top of Today, newest first: the unread ones, and those answered just
 * now (Today no longer lists them) until the patient puts them away.
 */
function notesShown(plan, answered) {
  const unread = (plan.notes ?? []).filter((note) => !answered.some((a) => a.id === note.id));
  return [...answered, ...unread].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
}

/**
 * The engine's latest day of decisions (oldest first, as they happened), minus any sentence
 * already on screen: an exercise's reason, or a referral prompt in its own panel at the top.
 */
function latestChanges(plan) {
  const latest = plan.recent_decisions[0]?.local_date;
  const reasons = new Set(plan.items.map((item) => item.why));
  const referred = new Set(openReferrals(plan).map((referral) => referral.id));
  return plan.recent_decisions
    .filter((d) => d.local_date === latest && !reasons.has(d.message) && !referred.has(d.id))
    .reverse();
}

const NEEDS_CONNECTION = "Marking this as read needs a connection. It stays here until you're back online: try again then.";

/**
 * The open referral prompts as one panel: what the engine saw and when, once what to do now
 * and meanwhile, the signs to get help for at once, and one button to say they were read,
 * which takes them all off Today. It needs the server (online only).
 */
function ReferralPanel({ referrals, today, redFlags, onAcknowledged }) {
  const offline = useOffline();
  const { busy, error, run } = useBusy();

  const acknowledge = () =>
    run(async () => {
      await needsServer(async () => {
        for (const referral of referrals) await api.acknowledgeReferral(referral.id);
      }, NEEDS_CONNECTION);
      await onAcknowledged(referrals);
    });

  return html`
    <section class="card card-alert referral" aria-labelledby="referral-title">
      <h2 id="referral-title">${HAND_OVER.title}</h2>
      <ul class="referral-reasons">
        ${referrals.map(
          (referral) => html`<li key=${referral.id}>
            <p class="referral-date"><time datetime=${referral.local_date}>${formatDay(referral.local_date, today)}</time></p>
            <p class="referral-message">${referralReason(referral.message)}</p>
            <${ReferralHandled} decision=${referral} />
          </li>`,
        )}
      </ul>
      <p>${HAND_OVER.ending}</p>
      <p>${HAND_OVER.meanwhile}</p>
      ${redFlags.length > 0 &&
      html`<p><strong>Get help at once if you have:</strong></p>
        <ul class="flag-list">
          ${redFlags.map((flag) => html`<li key=${flag}>${flag}</li>`)}
        </ul>`}
      <button type="button" class="btn btn-primary referral-ack" disabled=${busy} onClick=${acknowledge}
        aria-describedby=${offline && !error ? 'referral-offline' : undefined}>
        ${busy ? 'Saving…' : "I've read this"}
      </button>
      ${offline && !error && html`<p class="hint" id="referral-offline">You're offline. ${NEEDS_CONNECTION}</p>`}
      <${ErrorMessage} message=${error} />
    </section>
  `;
}

/** Today's check-in, once in. `justSaved`: it replaced the form, so focus lands on it. */
function CheckinDone({ checkin, justSaved }) {
  const heading = useFocusOnMount(justSaved);
  return html`
    <section class="card checkin-done" aria-labelledby="checkin-done-title">
      <div>
        <h2 id="checkin-done-title" tabindex="-1" ref=${heading}>Morning check-in</h2>
        <p>
          <span class="pain-badge ${checkin.morning_pain > 5 ? 'is-high' : ''}">First-steps pain ${checkin.morning_pain}/10</span>
          ${checkin.stiffness_minutes != null && html` <span class="checkin-details">stiff for ${checkin.stiffness_minutes} min</span>`}
        </p>
      </div>
      <${Link} href="/checkin" class="btn btn-secondary btn-small" aria-label="Change check-in">Change<//>
    </section>
  `;
}

// A notice that spells out the red flags is left out while a referral panel lists them one
// by one from plan.red_flags: the panel says it instead.
const repeatsRedFlags = (plan, notice) => plan.red_flags.some((flag) => notice.includes(flag));

function StageCard({ plan, stages, today }) {
  const changes = latestChanges(plan);
  const flagsShown = openReferrals(plan).length > 0 || plan.refer_to_clinician;
  const notices = plan.notices.filter((notice) => !(flagsShown && repeatsRedFlags(plan, notice)));
  return html`
    <section class="card" aria-labelledby="stage-title">
      <p class="eyebrow">${plan.program_name ?? 'Calf ladder'}</p>
      <h2 id="stage-title">Stage ${plan.calf_stage} of ${stages} – ${plan.stage_name}</h2>
      <ol class="stage-steps" aria-hidden="true">
        ${Array.from({ length: stages }, (_, i) => html`<li key=${i} class=${i < plan.calf_stage ? 'is-reached' : ''} />`)}
      </ol>
      ${notices.map((notice) => html`<p class="notice notice-caution" key=${notice}>${notice}</p>`)}
      ${changes.length > 0 &&
      html`<h3>What changed</h3>
        <${DecisionList} decisions=${changes} today=${today} />`}
      <p class="stage-more">
        <${Link} href=${plan.recent_decisions[0] ? `/progress?decision=${plan.recent_decisions[0].id}` : '/progress'}>Why? See every change to your plan<//>
      </p>
    </section>
  `;
}

/** A track's items; a reason they all share is said once, under the heading. */
function PlanGroup({ title, track, items, counts, hipDay }) {
  const id = `plan-${track}`;
  const shared = items.length > 1 && items.every((item) => item.why === items[0].why) ? items[0].why : null;
  return html`
    <section class="card plan-group" aria-labelledby=${id}>
      <h2 id=${id}>${title}</h2>
      ${shared && html`<p class="plan-why">${shared}</p>`}
      ${items.length > 0
        ? html`<ul class="plan-list">
            ${items.map(
              (item) => html`<${PlanItem} key=${item.exercise_id} item=${item} logged=${counts.get(item.exercise_id) ?? 0} showWhy=${!shared} />`,
            )}
          </ul>`
        : track === 'hip' &&
          !hipDay &&
          html`<p class="empty">
            Not today: hip and glute work needs a rest day between sessions. The next hip day comes after today's rest.
          </p>`}
    </section>
  `;
}

/**
 * Today, the home screen: the morning check-in (asked first, since yesterday's exercise only
 * counts once it is in), where the patient is on the calf ladder and why, and today's plan
 * grouped as the day goes. Each exercise opens in Log, ready to do.
 */
export function TodayScreen({ me, profile }) {
  const today = localDate(profile.timezone);
  const dataVersion = useDataVersion(); // reload when the server has news (the outbox drained)
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [justCheckedIn, setJustCheckedIn] = useState(false);
  const [answered, setAnswered] = useState([]); // notes answered on this screen, shown until "Done"
  const [measures, setMeasures] = useState(null); // apart from the plan: Today shows without them
  // The plan under the check-in is drawn just after the top of Today, in a task of its own: the
  // first view of Today is one long task less on a slow phone (which stays responsive).
  const [drawPlan, setDrawPlan] = useState(false);
  const title = useRef(null);

  const load = () => {
    setError('');
    return Promise.all([api.getToday(), api.listCheckins(today, today), api.sessionOn(today), api.listExercises()])
      .then(([plan, checkins, session, catalogue]) =>
        setData({
          plan,
          checkin: checkins[0] ?? null,
          counts: setCounts(session?.sets ?? []),
          stages: Math.max(...catalogue.map((exercise) => exercise.stage ?? 0)),
        }),
      )
      .catch((e) => setError(e.message));
  };

  useEffect(() => {
    load();
    api.getMeasures().then(setMeasures, () => setMeasures(null));
  }, [today, dataVersion]);

  useEffect(() => {
    if (!data || drawPlan) return undefined;
    const timer = setTimeout(() => setDrawPlan(true));
    return () => clearTimeout(timer);
  }, [data, drawPlan]);

  // Yesterday's session counts once this morning's check-in is in: the plan may change now.
  const checkedIn = async (checkin) => {
    setData({ ...data, checkin });
    setJustCheckedIn(true);
    setStatus(`Check-in saved: morning pain ${checkin.morning_pain}/10. Updating today's plan…`);
    await load();
    setStatus(`Check-in saved: morning pain ${checkin.morning_pain}/10. Today's plan is up to date.`);
  };

  // Referrals read: the panel goes at once (focus to the top, where the status says so), then
  // Today is asked again.
  const acknowledged = async (read) => {
    const ids = new Set(read.map((r) => r.id));
    setData((current) => current && { ...current, plan: { ...current.plan, referrals: openReferrals(current.plan).filter((r) => !ids.has(r.id)) } });
    setStatus(`Marked as read. ${HAND_OVER.ending}`);
    title.current?.focus();
    await load();
  };

  // A note read: it goes at once, like a referral, then Today is asked again.
  const noteRead = async (note) => {
    setData((current) => current && { ...current, plan: { ...current.plan, notes: (current.plan.notes ?? []).filter((n) => n.id !== note.id) } });
    setStatus(`Marked as read. ${note.clinician_name}'s note is no longer on Today.`);
    title.current?.focus();
    await load();
  };
  // An answer sent (or waiting on the phone): the card shows the thread with it until "Done".
  const noteAnswered = async (note) => {
    setAnswered((current) => [...current.filter((n) => n.id !== note.id), note]);
    await load();
  };
  const noteDone = (note) => {
    setAnswered((current) => current.filter((n) => n.id !== note.id));
    setStatus(`Your answer to ${note.clinician_name} is sent.`);
    title.current?.focus();
  };

  const header = html`
    <header class="screen-header">
      <h1 tabindex="-1" ref=${title}>Today</h1>
      <p class="lede">${formatDay(today, today)}</p>
    </header>
  `;
  if (!data) {
    return html`<main class="screen">
      ${header}
      ${error
        ? html`<${ErrorMessage} message=${error} />
            <button type="button" class="btn btn-primary" onClick=${load}>Try again</button>`
        : html`<p class="loading">Loading today's plan…</p>`}
    </main>`;
  }

  const { plan, checkin, counts, stages } = data;
  const referrals = openReferrals(plan);
  // A plan kept on the phone from before the server listed referrals has only the flag: the
  // old alert shows it (no button: there is nothing to acknowledge).
  const flagOnly = plan.referrals === undefined && plan.refer_to_clinician;
  return html`
    <main class="screen">
      ${header}
      ${notesShown(plan, answered).map(
        (note) => html`<${ClinicianNote} key=${note.id} note=${note} onRead=${noteRead} onAnswered=${noteAnswered} onDone=${noteDone} />`,
      )}
      ${referrals.length > 0 &&
      html`<${ReferralPanel} referrals=${referrals} today=${today} redFlags=${plan.red_flags} onAcknowledged=${acknowledged} />`}
      <${StatusMessage} message=${status} />
      <${ErrorMessage} message=${error} />
      ${flagOnly &&
      html`<${RedFlags} alert title=${HAND_OVER.title} flags=${plan.red_flags}>
        <p>Your mornings have flared up several times this week. See a clinician before you load more.</p>
        <p><strong>Get help at once if you have:</strong></p>
      <//>`}
      <${YesterdayNudge} me=${me} profile=${profile} today=${today} onCheckedIn=${load} />
      <${SettleReminder} />
      ${checkin
        ? html`<${CheckinDone} checkin=${checkin} justSaved=${justCheckedIn} />`
        : html`<${CheckinForm}
            date=${today}
            checkin=${null}
            title="Check in first"
            intro="How did your heel feel in your first steps out of bed? Yesterday's exercise counts towards your plan once this is in."
            onSaved=${checkedIn}
          />`}
      <${TodayMeasures} measures=${measures} />
      ${drawPlan &&
      html`<${StageCard} plan=${plan} stages=${plan.stage_count ?? stages} today=${today} />
        <${TodayTime} items=${plan.items} />
        ${PLAN_GROUPS.map(
          (group) => html`<${PlanGroup} key=${group.track} ...${group}
            items=${plan.items.filter((item) => item.track === group.track)} counts=${counts} hipDay=${plan.hip_day} />`,
        )}
        <${AddToCalendar} />
        <${MeasuresLink} />`}
    </main>
  `;
}
