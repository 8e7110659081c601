/**
 * Start-up to the first answer, from fresh processes, against `node -e 0` measured in the
 * same run: every subject runs once untimed (file cache), then the subjects take turns for
 * --runs rounds and each reports its median. Target: the launcher (what `npm run ask` runs)
 * within STARTUP_TARGET_RATIO × `node -e 0`.
 *
 *   npx tsx bench/startup.ts [--runs 15] [--no-tsx] [--phases] [--json OUT]
 *
 * --phases adds a breakdown (median per phase over --runs fresh processes) of where the time
 * goes: Node's own boot, loading the modules, the wink model, the corpus, the engine and the
 * first answer, timed by a driver that takes the same steps through the compiled modules.
 * Called by `npm run bench` too (benchStartup()).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from '../scripts/build.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const STARTUP_QUESTION = 'When was Ayman al-Zawahiri killed?';
/** Issue 8's target: start-up to the first answer within this many times `node -e 0`. */
export const STARTUP_TARGET_RATIO = 4;
const DEFAULT_RUNS = 15;

export interface StartupSubject {
  label: string;
  argv: string[];
  ms: number;
  ratio: number;
  samples: number[];
  answer: string | null;
}

export interface StartupResult {
  question: string;
  runs: number;
  baselineMs: number;
  subjects: StartupSubject[];
  target: { ratio: number; subject: string; met: boolean };
  phases?: Record<string, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timed(argv: string[]): { ms: number; stdout: string; stderr: string; ok: boolean } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    // The shipped corpus, default settings: a developer's .env is still read, as a user's would be.
    env: { ...process.env, CORPUS_DIR: '', LOG_LEVEL: '', NO_COLOR: '1' },
  });
  return { ms: performance.now() - t0, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? ''), ok: r.status === 0 };
}

function answerOf(stdout: string): string | null {
  try {
    return String((JSON.parse(stdout.trim().split('\n')[0] ?? '') as { answer: unknown }).answer);
  } catch {
    return null;
  }
}

/** Interleaved fresh-process timings of the CLI against `node -e 0`; builds dist/ first (untimed) if needed. */
export async function benchStartup(options: { runs?: number; tsx?: boolean; phases?: boolean; log?: (line: string) => void } = {}): Promise<StartupResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const log = options.log ?? ((line: string) => console.log(line));
  const built = await ensureBuilt({ log });
  if (!built.ok) throw new Error(built.message);

  const ask = ['ask', '--json', STARTUP_QUESTION];
  const subjects: Array<Omit<StartupSubject, 'ms' | 'ratio'>> = [
    { label: 'node -e 0', argv: ['-e', '0'], samples: [], answer: null },
    { label: 'node bin/dossier.mjs ask (npm run ask)', argv: ['bin/dossier.mjs', ...ask], samples: [], answer: null },
    { label: 'node dist/src/cli/main.js ask (module tree)', argv: ['dist/src/cli/main.js', ...ask], samples: [], answer: null },
  ];
  if (options.tsx !== false) subjects.push({ label: 'node --import tsx src/cli/main.ts ask (uncompiled)', argv: ['--import', 'tsx', 'src/cli/main.ts', ...ask], samples: [], answer: null });

  for (let round = -1; round < runs; round++) {
    for (const s of subjects) {
      const r = timed(s.argv);
      if (s.label !== 'node -e 0') {
        if (!r.ok) throw new Error(`${s.label} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        s.answer ??= answerOf(r.stdout);
      }
      if (round >= 0) s.samples.push(r.ms);
    }
  }
  const baselineMs = median(subjects[0]!.samples);
  const measured = subjects.map((s) => ({ ...s, ms: median(s.samples), ratio: median(s.samples) / baselineMs }));
  const launcher = measured[1]!;
  const result: StartupResult = {
    question: STARTUP_QUESTION,
    runs,
    baselineMs,
    subjects: measured,
    target: { ratio: STARTUP_TARGET_RATIO, subject: launcher.label, met: launcher.ratio <= STARTUP_TARGET_RATIO },
  };

  log(`\nstart-up to first answer ("${STARTUP_QUESTION}"), median of ${runs} fresh processes, interleaved`);
  for (const s of measured) log(`  ${s.label.padEnd(48)} ${s.ms.toFixed(0).padStart(6)} ms  ${s.ratio.toFixed(2).padStart(5)}×${s.answer ? `  → ${s.answer}` : ''}`);
  log(`  target: ${launcher.label} ≤ ${STARTUP_TARGET_RATIO}× node -e 0: ${result.target.met ? 'MET' : 'MISSED'} (${launcher.ratio.toFixed(2)}×)`);

  if (options.phases) {
    result.phases = phases(runs);
    log(`\nwhere the time goes (median of ${runs} fresh processes, compiled modules)`);
    for (const [name, ms] of Object.entries(result.phases)) log(`  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
  }
  return result;
}

/**
 * The CLI's steps one by one, each timed, through the compiled module tree (the one-file CLI
 * does the same work but cannot be split). "node boot" is the time from process start to the
 * driver's first line, as Node reports it (performance.now() counts from process start).
 */
function phases(runs: number): Record<string, number> {
  const mod = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
  const driver = `
    const t = [['node boot', performance.now()]];
    const lap = (name) => t.push([name, performance.now()]);
    const { loadConfig } = await import(${mod('src/config.js')}); loadConfig(process.env); lap('config');
    await import(${mod('src/nlp/wink.js')}); lap('wink model');
    const { loadCorpus } = await import(${mod('src/corpus/load.js')});
    const { createEngine } = await import(${mod('src/engine.js')});
    const { askSafely } = await import(${mod('src/cli/repl.js')}); lap('other modules');
    const corpus = await loadCorpus(${JSON.stringify(join(ROOT, 'corpus'))}); lap('load corpus');
    const engine = createEngine(corpus); lap('build engine');
    askSafely(engine, ${JSON.stringify(STARTUP_QUESTION)}); lap('first answer');
    askSafely(engine, 'Who is the interior minister?'); lap('(a second answer, for scale)');
    const out = {}; let prev = 0;
    for (const [name, at] of t) { out[name] = at - prev; prev = at; }
    process.stdout.write(JSON.stringify(out));`;
  const samples: Record<string, number[]> = {};
  for (let i = -1; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', driver], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`phase driver failed: ${r.stderr}`);
    if (i < 0) continue;
    for (const [name, ms] of Object.entries(JSON.parse(r.stdout) as Record<string, number>)) (samples[name] ??= []).push(ms);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'no-tsx': { type: 'boolean', default: false },
      phases: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npx tsx bench/startup.ts [--runs N] [--no-tsx] [--phases] [--json OUT]');
    process.exit(0);
  }
  const result = await benchStartup({ runs: values.runs ? Number(values.runs) : undefined, tsx: !values['no-tsx'], phases: values.phases });
  if (values.json) writeFileSync(resolve(process.cwd(), values.json), JSON.stringify(result, null, 2) + '\n');
}
