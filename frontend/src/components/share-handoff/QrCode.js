import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';

// The encoder loads only when the Share screen asks for it (the service worker precaches the
// chunk, so the code still shows offline). A failed load is forgotten, so the next try fetches again.
let qrModule = null;
export const loadQr = () =>
  (qrModule ??= import('./qr.js').catch((error) => {
    qrModule = null;
    throw error;
  }));

/**
 * A QR code of `url` to hold up across the desk: black on white whatever the theme (phone
 * cameras read dark on light best), drawn as SVG so it stays sharp at any size.
 */
export function QrCode({ url, label = 'QR code for the share link' }) {
  const [code, setCode] = useState(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    loadQr()
      .then((qr) => current && setCode({ url, ...qr.qrPath(url) }))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [url]);

  if (failed) return html`<p class="notice notice-error qr-missing">The QR code could not be drawn here. Share or copy the link instead.</p>`;
  if (!code || code.url !== url) return html`<div class="qr-code qr-loading" aria-hidden="true"></div>`;
  return html`
    <svg class="qr-code" viewBox=${`0 0 ${code.size} ${code.size}`} role="img" aria-label=${label}
      data-modules=${code.size} shape-rendering="crispEdges" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <rect width=${code.size} height=${code.size} fill="#fff" />
      <path d=${code.path} fill="#000" />
    </svg>
  `;
}
