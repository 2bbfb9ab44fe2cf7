// Builds everything the server serves into dist/: node build.mjs [--watch]
import { copyFile, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { iconPng } from './scripts/make-icons.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist/`;
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: [
    { in: `${root}src/main.js`, out: 'app' },
    { in: `${root}src/styles/app.css`, out: 'app' },
  ],
  outdir: dist,
  bundle: true,
  minify: !watch,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'linked',
  logLevel: 'info',
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await Promise.all([
  cp(`${root}public`, dist, { recursive: true }), // files served as they are
  ...[192, 512].map((size) => writeFile(`${dist}icon-${size}.png`, iconPng(size))),
]);

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
// Written last: the Makefile takes dist/index.html as the sign of a complete build.
await copyFile(`${root}index.html`, `${dist}index.html`);
