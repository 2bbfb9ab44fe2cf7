import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useBusy } from '../useBusy.js';
import { Field } from '../components/Field.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { dateTime } from '../components/share/format.js';
import { writeNote } from './clinicApi.js';

const NOTE_MAX = 500;

function EarlierNote({ note }) {
  return html`
    <li class="clinic-note">
      <p class="clinic-note-meta">
        <time dateTime=${note.created_at}>${dateTime(note.created_at)}</time>, ${note.clinician_name}
        <span class="tag ${note.read_at ? 'tag-steady' : 'tag-back'}">${note.read_at ? 'Read' : 'Not read yet'}</span>
      </p>
      <p class="clinic-note-body">${note.body}</p>
      ${note.reply &&
      html`<div class="clinic-note-reply">
        <p class="clinic-note-meta">The patient’s answer, <time dateTime=${note.replied_at}>${dateTime(note.replied_at)}</time></p>
        <p class="clinic-note-body">${note.reply}</p>
      </div>`}
    </li>
  `;
}

/** A short note to the patient (at the top of their Today until read; they may answer once), and the earlier ones. */
export function Notes({ patientId, notes, onChanged }) {
  const [body, setBody] = useState('');
  const [status, setStatus] = useState('');
  const [sent, setSent] = useState([]); // notes sent here, until the page is read again
  const { busy, error, setError, run } = useBusy();
  const shown = [...sent.filter((n) => !notes.some((known) => known.id === n.id)), ...notes];
  const left = NOTE_MAX - [...body].length;

  const submit = (event) => {
    event.preventDefault();
    setStatus('');
    if (!body.trim()) {
      setError('Write the note first.');
      return;
    }
    run(async () => {
      const note = await writeNote(patientId, body.trim());
      setSent((earlier) => [note, ...earlier]);
      setBody('');
      setStatus('Note sent. The patient sees it at the top of Today.');
      onChanged();
    });
  };

  return html`
    <section class="card clinic-card" aria-labelledby="notes-to-patient-title">
      <h2 id="notes-to-patient-title">Note to the patient</h2>
      <form onSubmit=${submit} noValidate>
        <${Field} id="note-to-patient" label="Your note" multiline maxLength=${NOTE_MAX} value=${body}
          hint="Shown at the top of their Today until they read it. They can answer once."
          onInput=${(value) => {
            setBody(value);
            setStatus('');
          }} aria-invalid=${error ? 'true' : undefined} />
        <p class="char-count ${left < 50 ? 'is-low' : ''}">${left} of ${NOTE_MAX} characters left</p>
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <button type="submit" class="btn btn-primary btn-small" disabled=${busy}>${busy ? 'Sending…' : 'Send note'}</button>
      </form>
      <h3>Earlier notes (${shown.length})</h3>
      ${shown.length === 0
        ? html`<p class="empty">No notes yet.</p>`
        : html`<ul class="clinic-note-list">${shown.map((note) => html`<${EarlierNote} key=${note.id} note=${note} />`)}</ul>`}
    </section>
  `;
}
