// Builds everything the server serves into dist/: node build.mjs [--watch]
//   app.js + app.css     the app (ES modules; chunks/ holds code loaded on demand, e.g. charts)
//   sw.js                the service worker, told which files to precache and a hash of them
//   manifest, icons      for installing the app
//   *.gz, *.br           every text file precompressed (gzip and brotli, at their best levels),
//                        for the server to send as they are (not in --watch)
//   *.map                source maps, for debugging locally: the server never serves them
//   index.html           with a modulepreload link for each file app.js imports, so they all
//                        download at once; written last: the Makefile takes it as the sign of a
//                        complete build
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import * as esbuild from 'esbuild';
import { iconPng } from './scripts/make-icons.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist/`;
const watch = process.argv.includes('--watch');
const target = ['chrome100', 'firefox100', 'safari15'];

const ICONS = {
  'icon-192.png': () => iconPng(192),
  'icon-512.png': () => iconPng(512),
  'icon-maskable-192.png': () => iconPng(192, { maskable: true }),
  'icon-maskable-512.png': () => iconPng(512, { maskable: true }),
};

/**
 * What the service worker precaches: the shell, every script and style esbuild wrote (lazy
 * chunks too), the manifest and the icons. Maps and licence files are left out.
 */
function shellFiles(metafile) {
  const built = Object.keys(metafile.outputs)
    .map((file) => `/${relative(dist, resolve(file)).split('\\').join('/')}`)
    .filter((path) => /\.(js|css)$/.test(path));
  return ['/index.html', ...built.sort(), '/manifest.webmanifest', ...Object.keys(ICONS).map((name) => `/${name}`)];
}

/**
 * index.html as served: a modulepreload link for every chunk app.js imports (and they import),
 * so the browser fetches them alongside app.js instead of one after another.
 */
async function shellHtml(metafile) {
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([file, output]) => [`/${relative(dist, resolve(file)).split('\\').join('/')}`, output]),
  );
  const preload = new Set();
  const visit = (path) => {
    for (const { path: imported, kind } of outputs[path]?.imports ?? []) {
      const url = `/${relative(dist, resolve(imported)).split('\\').join('/')}`;
      if (kind !== 'import-statement' || preload.has(url)) continue;
      preload.add(url);
      visit(url);
    }
  };
  visit('/app.js');
  const links = [...preload].map((url) => `<link rel="modulepreload" href="${url}" />`).join('\n    ');
  const template = await readFile(`${root}index.html`, 'utf8');
  return links ? template.replace(/(\s*)(<script type="module")/, `$1${links}$1$2`) : template;
}

/** A hash of every precached file and the worker's own source: it names the cache. */
async function contentHash(files, html) {
  const hash = createHash('sha256');
  for (const path of files) {
    hash.update(path);
    hash.update(path === '/index.html' ? html : await readFile(`${dist}${path.slice(1)}`));
  }
  hash.update('src/sw.js');
  hash.update(await readFile(`${root}src/sw.js`));
  return hash.digest('hex').slice(0, 16);
}

async function buildServiceWorker(metafile, html) {
  const precache = shellFiles(metafile);
  const buildHash = await contentHash(precache, html);
  await esbuild.build({
    entryPoints: [`${root}src/sw.js`],
    outfile: `${dist}sw.js`,
    bundle: true,
    minify: !watch,
    format: 'iife',
    target,
    define: { __BUILD_HASH__: JSON.stringify(buildHash), __PRECACHE__: JSON.stringify(precache) },
    logLevel: 'warning',
  });
  console.log(`  dist/sw.js precaches ${precache.length} files as heelstrong-shell-${buildHash}`);
}

// index.html for this build (written last, see the end of this file).
let indexHtml = null;

const serviceWorker = {
  name: 'service-worker',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      indexHtml = await shellHtml(result.metafile);
      await buildServiceWorker(result.metafile, indexHtml);
      if (watch) await writeFile(`${dist}index.html`, indexHtml);
    });
  },
};

/**
 * The first load in one chunk. esbuild makes a chunk for each set of entry points (app.js and
 * every import()) that share modules, so the modules Today shares with other screens would
 * land in a dozen small chunks, each one more request before the app starts. A module loaded
 * on demand runs after app.js anyway, so here it also imports app.js's modules (src/app.js):
 * every module of the first load is then shared by all entry points alike and lands in one
 * chunk, next to app.js (main.js). What only lazily loaded screens share still gets chunks of
 * its own.
 */
const firstLoadTogether = {
  name: 'first-load-together',
  setup(build) {
    const app = `${root}src/app.js`;
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.resolving) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(`${root}src/`)) return resolved;
      return { path: resolved.path, pluginData: { onDemand: true } };
    });
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.pluginData?.onDemand) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: `${source}\nimport ${JSON.stringify(app)};\n`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const options = {
  entryPoints: [
    { in: `${root}src/main.js`, out: 'app' },
    { in: `${root}src/styles/app.css`, out: 'app' },
  ],
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  minify: !watch,
  // Maps are written for debugging but not linked from the files: the server does not serve them.
  sourcemap: watch ? 'linked' : 'external',
  target,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'info',
  plugins: [firstLoadTogether, serviceWorker],
};

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await Promise.all([
  cp(`${root}public`, dist, { recursive: true }), // files served as they are
  ...Object.entries(ICONS).map(([name, draw]) => writeFile(`${dist}${name}`, draw())),
]);

// What the server may send precompressed: text, never maps (not served) or PNGs (compressed already).
const COMPRESSIBLE = /\.(html|js|css|webmanifest|json|svg|txt)$/;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Writes file.gz and file.br next to every compressible file in dist/, when they are smaller. */
async function precompress(extra = {}) {
  const files = (await readdir(dist, { recursive: true }))
    .map((name) => name.split('\\').join('/'))
    .filter((name) => COMPRESSIBLE.test(name) && !name.endsWith('.map'))
    .concat(Object.keys(extra));
  let before = 0;
  let after = 0;
  await Promise.all(
    files.map(async (name) => {
      const data = extra[name] ?? (await readFile(`${dist}${name}`));
      const [gz, br] = await Promise.all([
        gzipAsync(data, { level: 9 }),
        brotliAsync(data, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
      ]);
      // A tiny file may grow: then the server sends it as it is.
      if (gz.length < data.length) await writeFile(`${dist}${name}.gz`, gz);
      if (br.length < data.length) await writeFile(`${dist}${name}.br`, br);
      before += data.length;
      after += Math.min(br.length, data.length);
    }),
  );
  console.log(`  precompressed ${files.length} files: ${before} bytes, ${after} as brotli`);
}

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
// index.html's compressed copies first: index.html itself is still written last (in --watch,
// after each build, by the service-worker plugin).
if (!watch) {
  await precompress({ 'index.html': Buffer.from(indexHtml) });
  await writeFile(`${dist}index.html`, indexHtml);
  // The server sends a compressed copy only when it is not older than its file.
  const now = new Date();
  await Promise.all(['', '.gz', '.br'].map((suffix) => utimes(`${dist}index.html${suffix}`, now, now).catch(() => {})));
}
