import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { copyText } from '../../clipboard.js';
import { useBusy } from '../../useBusy.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';

const NEEDS_CONNECTION = 'Making a calendar link needs a connection. Try again when you are online.';

/** The feed's two addresses: webcal:// opens a calendar app's "subscribe"; https:// is for pasting. */
export function feedUrls(path) {
  return { web: `${location.origin}${path}`, webcal: `webcal://${location.host}${path}` };
}

function CopyField({ id, label, value, buttonLabel, onCopied }) {
  const input = useRef(null);
  const copy = async () =>
    onCopied(
      (await copyText(value, input.current))
        ? `${label} copied. Paste it into your calendar app.`
        : 'The link is selected: copy it with your device (press and hold, then Copy).',
    );
  return html`
    <div class="field calendar-url">
      <label for=${id}>${label}</label>
      <div class="calendar-url-row">
        <input id=${id} ref=${input} type="text" readOnly value=${value} spellcheck=${false}
          onFocus=${(event) => event.currentTarget.select()} />
        <button type="button" class="btn btn-secondary btn-small" aria-label=${buttonLabel} onClick=${copy}>Copy</button>
      </div>
    </div>
  `;
}

/**
 * The calendar subscription: its secret link (made here when there is none), to open in the
 * phone's calendar app or to copy. A link made on another device can't be shown again (the
 * server keeps only its hash): a new one replaces it. `onChanged(calendar)` hears of a new link.
 */
export function CalendarLink({ reminder, onChanged }) {
  const calendar = reminder.calendar;
  const [path, setPath] = useState(undefined); // undefined: looking; null: none this phone can show
  const [status, setStatus] = useState('');
  const { busy, error, run } = useBusy();

  const make = () =>
    run(async () => {
      try {
        const created = await api.newCalendarLink();
        setPath(created.path);
        setStatus('Your calendar link is ready.');
        onChanged?.({ active: created.active, created_at: created.created_at, last_fetched_at: null });
      } catch (e) {
        throw e.status === 0 ? new Error(NEEDS_CONNECTION) : e;
      }
    });

  useEffect(() => {
    let current = true;
    api.keptCalendarLink(calendar).then((kept) => {
      if (!current) return;
      setPath(kept);
      if (!kept && !calendar.active) make(); // no link yet: make one, as the patient asked
    });
    return () => {
      current = false;
    };
  }, []);

  if (path === undefined || (!path && busy)) return html`<p class="loading">Making your calendar link…</p>`;
  if (!path) {
    return html`
      <div class="calendar-link">
        ${calendar.active
          ? html`<p>
              Your calendar link was made on another device, and for your safety it can't be shown again.
              A new link works the same; the old one stops.
            </p>`
          : html`<p>No calendar link yet.</p>`}
        <${ErrorMessage} message=${error} />
        <button type="button" class="btn btn-primary" disabled=${busy} onClick=${make}>Make a new calendar link</button>
      </div>
    `;
  }
  const urls = feedUrls(path);
  return html`
    <div class="calendar-link">
      <${StatusMessage} message=${status} />
      <a class="btn btn-primary" href=${urls.webcal}>Open in my calendar app</a>
      <p class="hint">
        On an iPhone or a Mac this subscribes your calendar. Google Calendar: on a computer, choose Other calendars,
        then From URL, and paste the web link.
      </p>
      <${CopyField} id="calendar-web-url" label=${`Web link (${location.protocol.replace(":", "")})`} value=${urls.web} buttonLabel="Copy link"
        onCopied=${setStatus} />
      <${CopyField} id="calendar-webcal-url" label="Calendar link (webcal)" value=${urls.webcal}
        buttonLabel="Copy webcal link" onCopied=${setStatus} />
      <p class="hint">
        Your calendar rings at your reminder time with the day's plan, even with no signal. Keep the link to
        yourself: anyone with it sees your plan. You can turn it off in Profile.
      </p>
      <${ErrorMessage} message=${error} />
    </div>
  `;
}
