// @ts-check
/**
 * Compiles src/ and commands/ to dist/ (tsc, source maps on) and stamps the result with a
 * fingerprint of its inputs (freshness.mjs), so the launcher (bin/dossier.mjs) can tell in a
 * few milliseconds whether dist/ is current, and load this module only when it is not.
 *
 *   node scripts/build.mjs      (npm run build): always rebuilds
 *
 * Everything this prints goes to stderr: `ask --json` and `repl --json` reserve stdout for
 * answers, and they may be the command that triggered the build.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE, fingerprint, INPUTS, listFiles, OUT, ROOT, STAMP, status } from './freshness.mjs';

/** How long a second launcher waits for a build another process is running before giving up. */
const LOCK_WAIT_MS = 10 * 60_000;
const LOCK_POLL_MS = 200;
/**
 * A lock's owner writes its pid right after creating the lock. A lock still without one after
 * this long was left by a launcher killed in between (a test's SIGKILL, Ctrl-C), and is taken
 * over, rather than keeping every other launcher waiting LOCK_WAIT_MS.
 */
const LOCK_NO_PID_STALE_MS = 30_000;

/**
 * Builds into a fresh folder and swaps it in, so a process starting meanwhile never sees a
 * half-written dist/, and files whose source was deleted (an old commands/*.js) do not linger.
 * @param {{ root?: string, reason?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ ok: true } | { ok: false, message: string }>}
 */
export async function build(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(line + '\n'));
  const root = options.root ?? ROOT;
  const tsc = resolveTsc(root);
  if (!tsc) {
    return {
      ok: false,
      message:
        `dist/ is ${options.reason ?? 'missing'} and TypeScript is not installed here (was it installed with --omit=dev?). ` +
        'Run `npm ci` and `npm run build`, then start again.',
    };
  }
  const inputs = fingerprint(root);
  removeLeftovers(root);
  const staging = path.join(root, `${OUT}.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  // Compiler output goes through `log`, never to stdout: that may be carrying JSON Lines.
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd();
  if (output) log(output);
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return { ok: false, message: `TypeScript could not compile the project (errors above); dist/ was left as it was.` };
  }
  copyAssets(root, staging);
  await bundleCli(root, staging, log);
  writeFileSync(path.join(staging, STAMP), JSON.stringify({ inputs, builtAt: new Date().toISOString() }) + '\n');
  const out = path.join(root, OUT);
  const old = path.join(root, `${OUT}.old-${process.pid}`);
  if (existsSync(out)) renameSync(out, old);
  renameSync(staging, out);
  rmSync(old, { recursive: true, force: true });
  return { ok: true };
}

/**
 * A build killed midway (Ctrl-C on a first `npm start`) leaves its staging folder, or the
 * dist/ it was replacing, beside dist/; nothing else would ever remove them.
 * @param {string} root
 */
function removeLeftovers(root) {
  for (const name of readdirSync(root)) {
    const m = new RegExp(`^${OUT}\\.(?:building|old)-(\\d+)$`).exec(name);
    if (m && !isAlive(Number(m[1]))) rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/**
 * Data files next to the code (JSON weights, word lists) are read at run time by path, so
 * they must sit at the same place relative to the compiled modules.
 * @param {string} root
 * @param {string} outDir
 */
function copyAssets(root, outDir) {
  for (const dir of INPUTS.dirs) {
    for (const rel of listFiles(root, dir)) {
      if (/\.[cm]?tsx?$/.test(rel)) continue;
      mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
      copyFileSync(path.join(root, rel), path.join(outDir, rel));
    }
  }
}

/**
 * The CLI as one CommonJS file, which starts faster than the ES module tree plus wink's ~40
 * CommonJS files (one read and one compile instead of a resolve, read and compile each).
 * What main.ts imports on demand (the logger, the Discord adapter) stays outside, as the
 * compiled modules next to it, so `ask` still never loads pino or discord.js. Each module's
 * import.meta.url is its compiled twin's URL in dist/, so paths derived from it are unchanged.
 * It is an optimisation: when it cannot be made, the build says why and goes on without it.
 * @param {string} root
 * @param {string} outDir
 * @param {(line: string) => void} log
 */
async function bundleCli(root, outDir, log) {
  /** @type {typeof import('esbuild')} */
  let esbuild;
  try {
    esbuild = createRequire(path.join(root, 'package.json'))('esbuild');
  } catch {
    log('note: esbuild is not installed, so dist/ has no one-file CLI and start-up is slower.');
    return;
  }
  const entry = path.join(root, 'src/cli/main.ts');
  const bundleDir = path.dirname(path.join(root, BUNDLE));
  /** @type {import('esbuild').Plugin} */
  const keepLayout = {
    name: 'keep-dist-layout',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const twin = path.relative(bundleDir, args.path).replace(/\.ts$/, '.js').split(path.sep).join('/');
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(twin)}, __bundleUrl).href`), loader: 'ts' };
      });
    },
  };
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: path.join(outDir, BUNDLE),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'error',
      banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
      plugins: [keepLayout],
    });
  } catch (err) {
    log(`note: the one-file CLI could not be bundled, so start-up is slower: ${/** @type {Error} */ (err).message}`);
  }
}

/** @param {string} root */
function resolveTsc(root) {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/**
 * Builds if dist/ is missing or stale (or always, with `force`). Several launchers may start
 * at once (npm run ask in a loop, a service and a shell): one builds, the others wait for it
 * and then use its result.
 * @param {{ root?: string, force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ ok: true, built: boolean } | { ok: false, message: string }>}
 */
export async function ensureBuilt(options = {}) {
  const root = options.root ?? ROOT;
  const log = options.log ?? ((line) => process.stderr.write(line + '\n'));
  if (!options.force && status(root) === 'fresh') return { ok: true, built: false };
  const lock = path.join(root, `${OUT}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      if (tryLock(lock)) break;
    } catch (err) {
      return { ok: false, message: `dist/ needs building but ${root} is not writable (${/** @type {Error} */ (err).message}); run \`npm run build\` where it is.` };
    }
    if (!announced) log('Waiting for another process to finish building dist/ …');
    announced = true;
    if (Date.now() > deadline) return { ok: false, message: `gave up waiting for the build lock ${lock}; remove it if no build is running.` };
    sleep(LOCK_POLL_MS);
  }
  try {
    // Another process may have built while we waited for the lock.
    const now = status(root);
    if (now === 'fresh' && !options.force) return { ok: true, built: false };
    if (!options.force) log(now === 'missing' ? 'Building dist/ (first run; takes a few seconds) …' : 'Sources changed: rebuilding dist/ …');
    const result = await build({ root, reason: now, log });
    return result.ok ? { ok: true, built: true } : result;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A directory is created atomically or not at all. It holds the builder's pid so a lock left
 * by a crashed build can be recognised and taken over.
 * @param {string} lock
 */
function tryLock(lock) {
  try {
    mkdirSync(lock);
  } catch (err) {
    // A read-only install cannot build at all: say so at once rather than wait for a lock.
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    let pid = NaN;
    try {
      pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // Just created by its owner, pid not yet written: held, unless that was long ago.
      if (ageMs(lock) < LOCK_NO_PID_STALE_MS) return false;
    }
    if (pid && isAlive(pid)) return false;
    rmSync(lock, { recursive: true, force: true });
    return false;
  }
  writeFileSync(path.join(lock, 'pid'), String(process.pid));
  return true;
}

/** @param {string} file */
function ageMs(file) {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/** @param {number} ms */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const result = await ensureBuilt({ force: true });
  if (!result.ok) {
    process.stderr.write(`error: ${result.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`Built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
  }
}
