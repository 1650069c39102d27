#!/usr/bin/env node
'use strict';
// `npm run build` (and `prepare`, so `npm pack`, `npm publish` and git installs build too):
// compiles interceptors/ and collector/ to dist/ with tsc, and copies proto/ to dist/proto, where
// the compiled code finds the .proto files it loads at run time (../../proto from
// dist/interceptors/decode and dist/collector/ingest — the same relative place as in the sources).
// dist/ is wiped first so a file removed from the sources never lingers in the package.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
fs.cpSync(path.join(root, 'proto'), path.join(dist, 'proto'), { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || src.endsWith('.proto') });
