import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { browserTimeZone, localDate, timeZoneNames } from '../dates.js';
import { CONDITIONS, PAINFUL_SIDES } from '../labels.js';
import { AccountSettings } from '../components/AccountSettings.js';
import { ChoiceGroup } from '../components/ChoiceGroup.js';
import { AccessLog } from '../components/clinician-link/AccessLog.js';
import { ClinicianSection } from '../components/clinician-link/ClinicianSection.js';
import { EquipmentChoice } from '../components/EquipmentChoice.js';
import { Field } from '../components/Field.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { Link } from '../router.js';
import { RedFlags } from '../components/RedFlags.js';
import { ProgramChooser } from '../components/ProgramChooser.js';
import { ThresholdsForm } from '../components/ThresholdsForm.js';
import { ReminderSettings } from '../components/reminders/ReminderSettings.js';
import { useBusy } from '../useBusy.js';

function initialProfile(profile) {
  const timezone = profile?.timezone ?? browserTimeZone();
  return {
    display_name: profile?.display_name ?? '',
    painful_side: profile?.painful_side ?? null,
    condition: profile?.condition ?? null,
    program_start: profile?.program_start ?? localDate(timezone),
    timezone,
    equipment: profile?.equipment ?? null,
  };
}

function missingAnswer(profile, onboarding) {
  if (!profile.painful_side) return 'Choose which heel hurts.';
  if (!profile.condition) return "Choose where it hurts, or \"I'm not sure\".";
  if (!profile.program_start) return 'Choose the day your program starts.';
  if (!profile.timezone.trim()) return 'Enter your time zone, for example Europe/Oslo.';
  if (onboarding && profile.equipment === null) return 'Tick what you have at home, or "None of these".';
  return '';
}

/**
 * The patient's clinician (clinic mode): undefined until known, then null or the link. With
 * no answer and no kept copy it stays unknown (`error` says why).
 */
function useClinicianLink(enabled) {
  const [link, setLink] = useState(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    api
      .getClinicianLink()
      .then((answer) => current && setLink(answer))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [enabled]);
  return { link, error, setLink };
}

/** The profile form; first shown as onboarding (no profile yet), later as the Profile tab. */
export function ProfileScreen({ me, onProfileSaved, onSignedOut }) {
  const onboarding = !me.profile;
  const [profile, setProfile] = useState(() => initialProfile(me.profile));
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  const clinician = useClinicianLink(!onboarding);
  const { link } = clinician;
  const [linkChanges, setLinkChanges] = useState(0); // the settings and the access log are asked again
  const linkChanged = (next) => {
    clinician.setLink(next);
    setLinkChanges((n) => n + 1);
  };
  const update = (key) => (value) => {
    setProfile({ ...profile, [key]: value });
    setStatus('');
  };

  const submit = async (event) => {
    event.preventDefault();
    const missing = missingAnswer(profile, onboarding);
    setError(missing);
    if (missing) return;
    await run(async () => {
      const saved = await api.saveProfile({
        ...profile,
        display_name: profile.display_name.trim() || null,
        timezone: profile.timezone.trim(),
      });
      setStatus(onboarding ? '' : 'Profile saved.');
      onProfileSaved(saved);
    });
  };

  const signOut = async () => {
    try {
      await api.logout();
      onSignedOut();
    } catch (e) {
      setError(e.message);
    }
  };

  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">${onboarding ? 'Set up your program' : 'Profile'}</h1>
        ${onboarding &&
        html`<p class="lede">
          A few answers tailor your daily plan. Heel pain often takes weeks to settle: steady,
          regular loading helps more than pushing hard.
        </p>`}
      </header>
      ${onboarding && html`<${RedFlags} />`}
      <form class="card" onSubmit=${submit} noValidate>
        ${onboarding && html`<h2>About your heel</h2>`}
        <${ChoiceGroup} name="painful-side" legend="Which heel hurts?" options=${PAINFUL_SIDES} columns="3"
          value=${profile.painful_side} onChange=${update('painful_side')} />
        <${ChoiceGroup} name="condition" legend="Where does it hurt?" options=${CONDITIONS}
          value=${profile.condition} onChange=${update('condition')} />
        <${EquipmentChoice} value=${profile.equipment} onChange=${update('equipment')} />
        <${Field} id="program-start" label="Program start date" type="date" required
          value=${profile.program_start} onInput=${update('program_start')} />
        <${Field} id="timezone" label="Time zone" hint="Your days start and end at midnight in this zone."
          list="timezone-names" autocomplete="off" autocapitalize="off" spellcheck=${false} required
          value=${profile.timezone} onInput=${update('timezone')} />
        <datalist id="timezone-names">
          ${timeZoneNames().map((name) => html`<option key=${name} value=${name} />`)}
        </datalist>
        <${Field} id="display-name" label="Your name (shown to your clinician)" hint="Optional. It appears only on summaries you share."
          autocomplete="name" maxLength="100" value=${profile.display_name} onInput=${update('display_name')} />
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <button class="btn btn-primary" type="submit" disabled=${busy}>
          ${busy ? 'Saving…' : onboarding ? 'Start my program' : 'Save profile'}
        </button>
      </form>
      ${!onboarding &&
      html`
        <${ProgramChooser} key=${`program-${me.profile.condition}-${(me.profile.equipment ?? []).join()}-${linkChanges}`}
          load=${api.listPrograms} choose=${api.chooseProgram}
          readOnlyNote=${link ? `Chosen by your clinician, ${link.clinician}.` : undefined} />
        <${ReminderSettings} profile=${me.profile} />
        <${ClinicianSection} link=${link} error=${clinician.error} onChange=${linkChanged} />
        <${AccessLog} linked=${Boolean(link)} version=${linkChanges} />
        <section class="card" aria-labelledby="share-title">
          <h2 id="share-title">For your clinician</h2>
          <p>A read-only link to a summary of your rehab, which you can revoke at any time. Or download it yourself.</p>
          <${Link} href="/share" class="btn btn-secondary">Share with your clinician<//>
        </section>
        <section class="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <p>Signed in as <strong class="account-email">${me.email}</strong></p>
          <button class="btn btn-secondary" type="button" onClick=${signOut}>Sign out</button>
        </section>
        <${ThresholdsForm} key=${`thresholds-${linkChanges}`} readOnly=${Boolean(link)}
          note=${link ? `Set by your clinician, ${link.clinician}` : undefined} />
        <${AccountSettings} onSignedOut=${onSignedOut} />
        <${RedFlags} />
      `}
    </main>
  `;
}
