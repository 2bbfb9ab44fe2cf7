import { useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { useBusy } from '../../useBusy.js';
import { Field } from '../Field.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';
import { normalizeCode } from './code.js';
import { needsServer, useOffline } from './online.js';

const LINK_OFFLINE = "Linking needs a connection. Try again when you're back online.";
const UNLINK_OFFLINE = "Unlinking needs a connection. Try again when you're back online: until then your clinician still sees your data.";

/** "3 Mar 2025": the day, in the reader's language. */
const sinceWords = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** What a link means, said before linking and while linked. */
function WhatLinkingMeans({ who }) {
  return html`<p class="clinician-means">
    ${who} sees your check-ins, sessions and plan, and sets your pain limit and pacing. You can unlink at any time.
  </p>`;
}

function LinkForm({ onLinked }) {
  const [typed, setTyped] = useState('');
  const { busy, error, setError, run } = useBusy();
  const [invalid, setInvalid] = useState(false); // the code typed is the problem (not the connection)
  const offline = useOffline();
  const submit = (event) => {
    event.preventDefault();
    const { code, error: problem } = normalizeCode(typed);
    setInvalid(Boolean(problem));
    if (problem) return setError(problem);
    return run(async () => {
      const link = await needsServer(() => api.linkClinician(code), LINK_OFFLINE).catch((e) => {
        setInvalid(e.status === 422); // a wrong or expired code
        throw e;
      });
      setTyped('');
      onLinked(link);
    });
  };
  return html`
    <p>Is a clinician guiding your rehab? Ask them for a code and enter it here.</p>
    <${WhatLinkingMeans} who="Once linked, your clinician" />
    <form onSubmit=${submit} noValidate aria-label="Link to your clinician">
      <${Field} id="clinician-code" label="Code from your clinician" hint="8 letters and numbers, like HK4T-9PQX"
        class="code-input" autocomplete="off" autocapitalize="characters" spellcheck=${false} maxLength="40"
        value=${typed} onInput=${(value) => { setTyped(value); setError(''); setInvalid(false); }}
        aria-invalid=${invalid ? 'true' : undefined} />
      <${ErrorMessage} message=${error} />
      ${offline && !error && html`<p class="hint">You're offline. ${LINK_OFFLINE}</p>`}
      <button class="btn btn-primary" type="submit" disabled=${busy}>${busy ? 'Linking…' : 'Link to your clinician'}</button>
    </form>
  `;
}

function Linked({ link, onUnlinked }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useBusy();
  const offline = useOffline();
  const question = useRef(null);
  const unlinkButton = useRef(null);
  const ask = () => {
    setConfirming(true);
    setTimeout(() => question.current?.focus());
  };
  const keep = () => {
    setConfirming(false);
    setTimeout(() => unlinkButton.current?.focus());
  };
  const unlink = () =>
    run(async () => {
      await needsServer(() => api.unlinkClinician(), UNLINK_OFFLINE);
      onUnlinked(link);
    });
  return html`
    <div class="clinician-who">
      <p class="clinician-name">${link.clinician}</p>
      <p class="clinician-clinic">${link.clinic}</p>
      <p class="hint">Linked since <time datetime=${link.linked_at}>${sinceWords(link.linked_at)}</time></p>
    </div>
    <${WhatLinkingMeans} who=${link.clinician} />
    ${confirming
      ? html`<div class="clinician-confirm" role="group" aria-labelledby="unlink-question">
          <p id="unlink-question" tabindex="-1" ref=${question}><strong>Unlink from ${link.clinician}?</strong></p>
          <p>
            From now on ${link.clinician} sees nothing more of your data, and you set your own pain limit and pacing
            again. To link again you need a new code from them.
          </p>
          <${ErrorMessage} message=${error} />
          <div class="actions">
            <button type="button" class="btn btn-danger" disabled=${busy} onClick=${unlink}>${busy ? 'Unlinking…' : 'Yes, unlink'}</button>
            <button type="button" class="btn btn-secondary" disabled=${busy} onClick=${keep}>Keep the link</button>
          </div>
          ${offline && !error && html`<p class="hint">You're offline. ${UNLINK_OFFLINE}</p>`}
        </div>`
      : html`<button type="button" class="btn btn-secondary" ref=${unlinkButton} onClick=${ask}>Unlink</button>`}
  `;
}

/**
 * Profile's "Your clinician": linking with the code the clinician shows (what that means said
 * first), or who the clinician is, since when, and unlinking (asked twice). `link` is the
 * server's answer (null: not linked; undefined: not known yet); `onChange(link)` after a change.
 */
export function ClinicianSection({ link, error, onChange }) {
  const [status, setStatus] = useState('');
  const title = useRef(null);
  const changed = (next, words) => {
    setStatus(words);
    onChange(next);
    title.current?.focus();
  };
  return html`
    <section class="card clinician-card" id="clinician" aria-labelledby="clinician-title">
      <h2 id="clinician-title" tabindex="-1" ref=${title}>Your clinician</h2>
      <${StatusMessage} message=${status} />
      ${link === undefined
        ? html`<${ErrorMessage} message=${error} />${!error && html`<p class="loading">Loading…</p>`}`
        : link
          ? html`<${Linked} link=${link}
              onUnlinked=${(old) => changed(null, `Unlinked. ${old.clinician} sees nothing more of your data, and your settings are yours to change again.`)} />`
          : html`<${LinkForm} onLinked=${(next) => changed(next, `Linked to ${next.clinician} at ${next.clinic}.`)} />`}
    </section>
  `;
}
