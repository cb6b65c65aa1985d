/**
 * `npm run worker:dev`: `wrangler dev` made quiet and fast without network. Wrangler's local
 * runtime fetches a sample `Request.cf` object from workers.cloudflare.com on start; offline that
 * prints a stack trace twice and waits for its timeouts. This API reads nothing from `request.cf`,
 * so the fetch is switched off (CLOUDFLARE_CF_FETCH_ENABLED=false, wrangler's own setting) unless
 * the caller sets it. Arguments are passed on: `npm run worker:dev -- --port 8788`. The Worker
 * reaches its database over HTTP: locally, `npm run db:serve` (tests/support/libsql-server/main.ts)
 * serves one, with LIBSQL_URL in .dev.vars pointing at it.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wrangler = require.resolve('wrangler/bin/wrangler.js');

const child = spawn(process.execPath, [wrangler, 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
