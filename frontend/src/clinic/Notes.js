import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useBusy } from '../useBusy.js';
import { Field } from '../components/Field.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { dateTime } from '../components/share/format.js';
import { getNotes, readThread, writeMessage, writeNote } from './clinicApi.js';
import { useUnreadPoll } from './poll.js';

const NOTE_MAX = 500;

/** A text box with its characters left, and the empty-text check: the note and each answer. */
function useWriting(empty) {
  const [body, setBody] = useState('');
  const busy = useBusy();
  const left = NOTE_MAX - [...body].length;
  const submit = (send) => (event) => {
    event.preventDefault();
    if (!body.trim()) {
      busy.setError(empty);
      return;
    }
    busy.run(async () => {
      await send(body.trim());
      setBody('');
    });
  };
  return { body, setBody, left, submit, ...busy };
}

function CharsLeft({ left }) {
  return html`<p class="char-count ${left < 50 ? 'is-low' : ''}">${left} of ${NOTE_MAX} characters left</p>`;
}

/** One message of a thread: the patient's marked "New" when it was unread as this page showed it. */
function Message({ message, fresh }) {
  const patient = message.author === 'patient';
  let tag = null;
  if (patient && fresh) tag = html`<span class="tag tag-alert">New</span>`;
  else if (!patient) {
    tag = html`<span class="tag ${message.read_at ? 'tag-steady' : 'tag-back'}">${message.read_at ? 'Read' : 'Not read yet'}</span>`;
  }
  return html`
    <li class="clinic-message ${patient ? 'clinic-message-patient' : ''}">
      <p class="clinic-note-meta">
        ${patient ? 'The patient' : message.author_name}, <time dateTime=${message.created_at}>${dateTime(message.created_at)}</time>
        ${tag}
      </p>
      <p class="clinic-note-body">${message.body}</p>
    </li>
  `;
}

function WriteBack({ patientId, note, onSent }) {
  const [open, setOpen] = useState(false);
  const writing = useWriting('Write your answer first.');
  const id = `answer-${note.id}`;
  if (!open) {
    return html`<button type="button" class="btn btn-secondary btn-small" onClick=${() => setOpen(true)}>Write back</button>`;
  }
  return html`
    <form class="clinic-write-back" onSubmit=${writing.submit(async (body) => onSent(await writeMessage(patientId, note.id, body)))}
      noValidate aria-label="Write back in this thread">
      <${Field} id=${id} label="Your answer" multiline maxLength=${NOTE_MAX} value=${writing.body}
        hint="Shown at the top of their Today until they read it."
        onInput=${(value) => { writing.setBody(value); writing.setError(''); }}
        aria-invalid=${writing.error ? 'true' : undefined} />
      <${CharsLeft} left=${writing.left} />
      <${ErrorMessage} message=${writing.error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary btn-small" disabled=${writing.busy}>${writing.busy ? 'Sending…' : 'Send answer'}</button>
        <button type="button" class="btn btn-secondary btn-small" disabled=${writing.busy} onClick=${() => setOpen(false)}>Close</button>
      </div>
    </form>
  `;
}

function Thread({ patientId, note, fresh, onChanged }) {
  const answers = note.messages.filter((m) => m.author === 'patient').length;
  return html`
    <li class="clinic-note">
      <p class="clinic-note-meta">
        <time dateTime=${note.created_at}>${dateTime(note.created_at)}</time>, ${note.clinician_name}
        <span class="tag ${note.read_at ? 'tag-steady' : 'tag-back'}">${note.read_at ? 'Read' : 'Not read yet'}</span>
      </p>
      <p class="clinic-note-body">${note.body}</p>
      ${note.messages.length > 0 &&
      html`<ol class="clinic-thread" aria-label=${`Thread: ${answers} answer${answers === 1 ? '' : 's'} from the patient`}>
        ${note.messages.map((m) => html`<${Message} key=${m.id} message=${m} fresh=${fresh.has(m.id)} />`)}
      </ol>`}
      <${WriteBack} patientId=${patientId} note=${note} onSent=${onChanged} />
    </li>
  `;
}

/**
 * Notes to the patient, each a thread both sides write in (the note and the clinician's answers
 * stay at the top of the patient's Today until read). The patient's messages unread as the page
 * shows them are marked read at once and tagged "New" here; while the page is open, a new answer
 * from the patient comes in without reloading (asked every 45 s while the tab is visible).
 */
export function Notes({ patientId, notes, onChanged }) {
  const [threads, setThreads] = useState(notes);
  const [fresh, setFresh] = useState(new Set()); // the patient's messages that were new on this page
  const [status, setStatus] = useState('');
  const writing = useWriting('Write the note first.');

  useEffect(() => setThreads(notes), [notes]);

  // Shown means read: what the patient wrote leaves the caseload's "unread" (tagged New here).
  useEffect(() => {
    const unread = threads.filter((t) => t.unread > 0);
    if (unread.length === 0 || document.visibilityState !== 'visible') return;
    const ids = unread.flatMap((t) => t.messages.filter((m) => m.author === 'patient' && !m.read_at).map((m) => m.id));
    setFresh((known) => new Set([...known, ...ids]));
    Promise.all(unread.map((t) => readThread(patientId, t.id))).then(
      (read) => setThreads((current) => current.map((t) => read.find((r) => r.id === t.id) ?? t)),
      () => {},
    );
  }, [threads]);

  useUnreadPoll((unread) => {
    if (!unread.patients.some((p) => p.patient_id === patientId)) return;
    getNotes(patientId).then((fetched) => {
      setThreads(fetched);
      setStatus('The patient has written: their answer is below, marked New.');
    }, () => {}); // offline for a moment: the next turn asks again
  });

  const replace = (thread) => setThreads((current) => [thread, ...current.filter((t) => t.id !== thread.id)]);
  const send = writing.submit(async (body) => {
    setStatus('');
    replace(await writeNote(patientId, body));
    setStatus('Note sent. The patient sees it at the top of Today.');
    onChanged();
  });

  return html`
    <section class="card clinic-card" aria-labelledby="notes-to-patient-title">
      <h2 id="notes-to-patient-title">Note to the patient</h2>
      <form onSubmit=${send} noValidate>
        <${Field} id="note-to-patient" label="Your note" multiline maxLength=${NOTE_MAX} value=${writing.body}
          hint="Shown at the top of their Today until they read it. You can both write in its thread as often as needed."
          onInput=${(value) => {
            writing.setBody(value);
            writing.setError('');
            setStatus('');
          }} aria-invalid=${writing.error ? 'true' : undefined} />
        <${CharsLeft} left=${writing.left} />
        <${ErrorMessage} message=${writing.error} />
        <${StatusMessage} message=${status} />
        <button type="submit" class="btn btn-primary btn-small" disabled=${writing.busy}>${writing.busy ? 'Sending…' : 'Send note'}</button>
      </form>
      <h3>Earlier notes (${threads.length})</h3>
      ${threads.length === 0
        ? html`<p class="empty">No notes yet.</p>`
        : html`<ul class="clinic-note-list">${threads.map(
            (note) => html`<${Thread} key=${note.id} patientId=${patientId} note=${note} fresh=${fresh}
              onChanged=${(thread) => replace(thread)} />`,
          )}</ul>`}
    </section>
  `;
}
