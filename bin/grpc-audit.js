#!/usr/bin/env node
'use strict';
// Entry point of the `grpc-audit` executable.
// - Installed package: runs the compiled JavaScript in dist/ (built by `npm run build`, which
//   `prepare` runs on pack/publish); nothing here needs a devDependency.
// - A clone of the repository (the TypeScript sources are next to this file and the dev tools
//   are installed): runs the sources through tsx, so edits take effect without a build and
//   `npm start` / the tests never run a stale dist/.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const sources = path.join(root, 'collector', 'cli', 'main.ts');
const compiled = path.join(root, 'dist', 'collector', 'cli', 'main.js');

function tsxHook() {
  try {
    return require.resolve('tsx/cjs', { paths: [root] });
  } catch {
    return undefined;
  }
}

let entry;
const hook = fs.existsSync(sources) ? tsxHook() : undefined;
if (hook) {
  require(hook);
  entry = sources;
} else if (fs.existsSync(compiled)) {
  entry = compiled;
} else {
  process.stderr.write('grpc-audit: not built: dist/ is missing. In a clone, run `npm ci` (it builds) or `npm run build`.\n');
  process.exit(2);
}
require(entry).main(process.argv);
