#!/usr/bin/env node
// @ts-check
/**
 * The command line: `dossier start | repl | ask | deploy | validate …` (what npm start, npm run
 * repl, npm run ask … call). Builds dist/ first when it is missing or older than the sources,
 * then runs the compiled CLI in this same process: no second Node start-up, no tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, ROOT, status } from '../scripts/freshness.mjs';

// Long-running commands get stack traces in src/*.ts terms. Reading the source maps costs
// a one-shot `ask` more than a tenth of its start-up, so the quick commands go without.
const LONG_RUNNING = new Set(['start', 'start-sharded', 'deploy']);

async function ready() {
  if (status() === 'fresh') return true;
  const { ensureBuilt } = await import('../scripts/build.mjs');
  const built = await ensureBuilt();
  if (!built.ok) process.stderr.write(`error: ${built.message}\n`);
  return built.ok;
}

if (!(await ready())) {
  process.exitCode = 1;
} else {
  if (process.argv.slice(2).some((arg) => LONG_RUNNING.has(arg))) process.setSourceMapsEnabled(true);
  const bundle = path.join(ROOT, 'dist', BUNDLE);
  // The one-file CLI starts faster; the module tree beside it is the same program (and all a build without esbuild has).
  if (existsSync(bundle)) createRequire(import.meta.url)(bundle);
  // A computed specifier: dist/ exists only once built, and the typecheck must not need it.
  else await import(pathToFileURL(path.join(ROOT, 'dist', 'src', 'cli', 'main.js')).href);
}
