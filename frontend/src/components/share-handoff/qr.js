// The QR code encoder (paulmillr's `qr`, no dependencies). Only ever loaded with import(), so
// it lands in a chunk of its own that the Share screen fetches: never in the first load.
import encodeQR from 'qr';

/** The quiet zone the QR standard asks for around the code, in modules. */
export const QUIET_ZONE = 4;

/**
 * The QR code of `text` (medium error correction, which survives a smudge or a glare) as one
 * SVG path: a unit square per dark module, runs of them merged into one rectangle each.
 * `size` counts the modules across, quiet zone included: the SVG's viewBox.
 */
export function qrPath(text) {
  const rows = encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
  let path = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      path += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  });
  return { size: rows.length, path };
}
