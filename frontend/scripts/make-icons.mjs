// Draws the app icon (three rising steps: the exercise ladder) and encodes it as PNG with
// nothing but node:zlib, so the build needs no image tools and the repo holds no binaries.
// The artwork stays inside the centre 60 %; the maskable variant shrinks it further, so the
// round and squircle masks of Android launchers leave a calm margin around it.
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x0b, 0x61, 0x58];
const FOREGROUND = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

// Steps in unit coordinates: [left, top, right, bottom], corner radius below.
const STEPS = [
  [0.25, 0.55, 0.39, 0.72],
  [0.43, 0.43, 0.57, 0.72],
  [0.61, 0.29, 0.75, 0.72],
];
const RADIUS = 0.035;

function insideRoundedRect(x, y, [left, top, right, bottom]) {
  const dx = Math.max(left + RADIUS - x, 0, x - (right - RADIUS));
  const dy = Math.max(top + RADIUS - y, 0, y - (bottom - RADIUS));
  return x >= left && x <= right && y >= top && y <= bottom && dx * dx + dy * dy <= RADIUS * RADIUS;
}

const MASKABLE_SCALE = 0.8;

function coverage(px, py, size, scale) {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
      // Sample points scaled about the centre: a smaller scale draws smaller artwork.
      const x = 0.5 + ((px + (sx + 0.5) / SUPERSAMPLE) / size - 0.5) / scale;
      const y = 0.5 + ((py + (sy + 0.5) / SUPERSAMPLE) / size - 0.5) / scale;
      if (STEPS.some((step) => insideRoundedRect(x, y, step))) hits += 1;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A size x size RGB PNG of the icon; `maskable`: the artwork sits well inside the mask's safe zone. */
export function iconPng(size, { maskable = false } = {}) {
  const scale = maskable ? MASKABLE_SCALE : 1;
  const rowLength = 1 + size * 3; // a filter-type byte, then RGB pixels
  const raw = Buffer.alloc(rowLength * size);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const alpha = coverage(x, y, size, scale);
      const offset = y * rowLength + 1 + x * 3;
      for (let channel = 0; channel < 3; channel += 1) {
        raw[offset + channel] = Math.round(BACKGROUND[channel] * (1 - alpha) + FOREGROUND[channel] * alpha);
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
