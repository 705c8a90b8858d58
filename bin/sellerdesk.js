#!/usr/bin/env node
// The compiled entry point; `npm install` builds dist/ through the prepare script.
import('../dist/src/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/main.js')) {
    process.stderr.write('sellerdesk is not built yet: run `npm install` (or `npm run build`) first.\n');
    process.exit(1);
  }
  throw err;
});
