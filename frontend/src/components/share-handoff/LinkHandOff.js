import { useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { copyText } from '../../clipboard.js';
import { useFocusOnMount } from '../../focus.js';
import { StatusMessage } from '../Notice.js';
import { dateTime } from '../share/format.js';
import { QrCode } from './QrCode.js';

const SHARE_TITLE = 'My Heelstrong rehab summary';
const SHARE_TEXT = 'A read-only summary of my heel rehab, for you to open (no account needed):';

/** The share sheet, where the browser has one that takes this link (most phones; few desktops). */
function shareSheetFor(data) {
  if (typeof navigator.share !== 'function') return false;
  try {
    return typeof navigator.canShare !== 'function' || navigator.canShare(data);
  } catch {
    return false;
  }
}

/**
 * The link just made, and three ways to hand it over: the phone's share sheet, Copy, and a
 * QR code to show across the desk. The server keeps only a hash of the link's secret, so this
 * is the only time it can be shown: the screen says so, and what to do if it is lost.
 */
export function LinkHandOff({ link, timeZone, onDone }) {
  const url = `${location.origin}${link.path}`;
  const shareData = { title: SHARE_TITLE, text: SHARE_TEXT, url };
  const canShare = shareSheetFor(shareData);
  const inputRef = useRef(null);
  const headingRef = useFocusOnMount();
  const [status, setStatus] = useState('');

  const copy = async () => {
    setStatus('');
    setStatus(
      (await copyText(url, inputRef.current))
        ? 'Link copied. Paste it into a message or email to your clinician.'
        : 'The link is selected: copy it with your device (Ctrl+C, or press and hold, then Copy).',
    );
  };

  const share = async () => {
    setStatus('');
    try {
      await navigator.share(shareData);
    } catch (e) {
      if (e?.name !== 'AbortError') setStatus('Sharing did not work here: copy the link instead.');
    }
  };

  return html`
    <section class="card card-created handoff" aria-labelledby="created-title">
      <h2 id="created-title" tabindex="-1" ref=${headingRef}>Your new link${link.label ? ` for ${link.label}` : ''}</h2>
      <p class="notice notice-caution handoff-once">
        <strong>Save or share it now:</strong> for your safety it can't be shown again. If it's lost, make a new one and revoke the old.
      </p>
      <div class="field">
        <label for="created-url">Link to send</label>
        <textarea id="created-url" ref=${inputRef} rows="3" readOnly value=${url} onFocus=${(e) => e.currentTarget.select()}
          aria-describedby="created-expiry" />
        <p class="hint" id="created-expiry">It works until ${dateTime(link.expires_at, timeZone)}.</p>
      </div>
      <div class="actions handoff-actions">
        ${canShare && html`<button type="button" class="btn btn-primary" onClick=${share}>Share link…</button>`}
        <button type="button" class=${`btn ${canShare ? 'btn-secondary' : 'btn-primary'}`} onClick=${copy}>Copy link</button>
      </div>
      <${StatusMessage} message=${status} />
      <figure class="handoff-qr">
        <${QrCode} url=${url} />
        <figcaption>Sitting with your clinician? Show them this code: their phone's camera opens the link.</figcaption>
      </figure>
      <button type="button" class="btn btn-secondary handoff-done" onClick=${onDone}>Done</button>
    </section>
  `;
}
