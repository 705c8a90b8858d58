#!/usr/bin/env node
'use strict';
// The entry point (CommonJS, see bin/package.json: Node then starts without its ES module loader).
// `npm install` (its prepare script) and `npm run build` write dist/sellerdesk.cjs, the program
// bundled into one script (scripts/bundle.ts), and V8's compiled code for it
// (dist/sellerdesk.cjs.cache). Running the bundle through vm.Script with that cache skips most of
// the parsing and compiling a start would otherwise do (Node 20 has no module compile cache).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const dir = join(__dirname, '..', 'dist');
const file = join(dir, 'sellerdesk.cjs');
let source;
try {
  source = readFileSync(file, 'utf8');
} catch (err) {
  if (err && err.code === 'ENOENT') {
    process.stderr.write('sellerdesk is not built yet: run `npm install` (or `npm run build`) first.\n');
    process.exit(1);
  }
  throw err;
}
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  // No cache (the build writes it): the bundle is compiled as usual.
}
const script = new Script(`(function (exports, require, module, __filename, __dirname, __bundleUrl) {${source}\n})`, {
  filename: file,
  cachedData,
});
// The build runs the bundle once with this variable set and keeps the code V8 compiled meanwhile.
const cacheOut = process.env.SELLERDESK_WRITE_CODE_CACHE;
if (cacheOut) process.once('exit', () => writeFileSync(cacheOut, script.createCachedData()));
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, dir, pathToFileURL(file).href);
