/**
 * One measurement in a fresh process, for bench/scale.ts; prints one JSON object on stdout.
 *
 *   build DIR SNAPSHOT                 load the corpus folder, build the index, save the snapshot
 *   restart DIR SNAPSHOT QUESTIONS S A  map the snapshot back, warm up as a bot's workers do, first ask, S searches, A asks
 *   minisearch DIR JSON QUESTIONS S MS  load the corpus, build MiniSearch, save its JSON, S searches (at most MS ms of them)
 *   minisearch-restart JSON             MiniSearch.loadJSON of that saved index
 *
 * Times are from performance.now(), whose origin is the process start, so "ready" includes
 * node's own start-up, the TypeScript loader and module loading, as a user's restart does.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const gc = (globalThis as { gc?: () => void }).gc;
function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers };
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

/**
 * Wall and CPU time of each call. On a shared machine a short call's wall time includes
 * waiting for a core; its CPU time (this process's threads, GC included) does not.
 */
function latencyOf<T>(items: readonly T[], fn: (item: T) => unknown, budgetMs = Infinity) {
  const wall: number[] = [];
  const cpu: number[] = [];
  const stop = performance.now() + budgetMs;
  for (const item of items) {
    const c = process.cpuUsage();
    wall.push(timed(() => fn(item))[1]);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    if (performance.now() > stop) break;
  }
  return { ...latencies(wall), cpu: latencies(cpu) };
}

function latencies(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), max: s[s.length - 1] ?? NaN, n: s.length };
}

const readQuestions = (file: string, n: number) => (JSON.parse(readFileSync(file, 'utf8')) as string[]).slice(0, n);

// MiniSearch indexes the passage text only, as Dossier does; its defaults otherwise.
const MINI_OPTIONS = { fields: ['text'], storeFields: [] as string[] };

const [mode, ...argv] = process.argv.slice(2);
const out: Record<string, unknown> = { mode };

if (mode === 'build') {
  const [dir, file] = argv as [string, string];
  const [mods, importMs] = await timedAsync(async () => ({ ...(await import('../src/corpus/load.js')), ...(await import('../src/index/snapshot.js')) }));
  // Awaited: the loader may be synchronous or return a promise.
  const [corpus, loadMs] = await timedAsync(async () => mods.loadCorpus(dir));
  // The key is the loader's record of what it read (same pass); only its hashing of the record is left.
  const [key, keyMs] = timed(() => mods.snapshotKey(corpus.origin));
  // As a start-up builds it: passages analysed in worker threads when the corpus pays for them.
  const [snapshot, indexMs] = await timedAsync(() => mods.buildSnapshotInThreads(corpus, { key, loadMs }));
  const [, writeMs] = timed(() => mods.writeSnapshotFile(file, snapshot));
  Object.assign(out, { importMs, loadMs, keyMs, indexMs, writeMs, buildMs: loadMs + keyMs + indexMs + writeMs, bytes: statSync(file).size, info: snapshot.info, memory: memory() });
} else if (mode === 'restart') {
  const [dir, file, questionsFile, searches, asks] = argv as [string, string, string, string, string];
  const questions = readQuestions(questionsFile, Math.max(Number(searches), Number(asks)));
  const [mods, importMs] = await timedAsync(async () => ({
    ...(await import('../src/corpus/load.js')),
    ...(await import('../src/index/load-or-build.js')),
    ...(await import('../src/engine.js')),
    ...(await import('../src/learn/ask-text.js')),
    ...(await import('../src/pool/warm.js')),
  }));
  const [loaded, openMs] = await timedAsync(() => mods.loadOrBuild({ dir, snapshotFile: file, limits: mods.DEFAULT_CORPUS_LIMITS, load: mods.loadCorpus }));
  if (loaded.from !== 'snapshot') throw new Error(`expected to map the snapshot back, but: ${loaded.notes.join('; ') || 'it was built'}`);
  const engine = mods.createEngine(loaded.snapshot.corpus, { index: loaded.snapshot.index });
  const readyMs = performance.now();
  // What a bot's workers do in their idle time once ready (src/pool/warm.ts), before its first
  // question: a bot is ready before its gateway connection is, so the first ask comes after.
  const [, warmUpMs] = await timedAsync(() => mods.warmedUp(engine, 20));
  // Through the gate as the adapters ask, which these timings have always included.
  const ask = (q: string) => mods.askText(engine, q);
  const [, firstAskMs] = timed(() => ask(questions[0]!));
  const afterLoad = memory();
  const search = latencyOf(questions.slice(0, Number(searches)), (q) => engine.search(q, 10));
  let answered = 0;
  const asking = latencyOf(questions.slice(0, Number(asks)), (q) => {
    if (ask(q).answer) answered++;
  });
  Object.assign(out, { importMs, openMs, readyMs, warmUpMs, firstAskMs, afterLoad, search, ask: asking, answered, afterAsks: memory() });
} else if (mode === 'minisearch') {
  const [dir, jsonFile, questionsFile, searches, budget] = argv as [string, string, string, string, string];
  const [mods, importMs] = await timedAsync(async () => ({ ...(await import('../src/corpus/load.js')), MiniSearch: (await import('minisearch')).default }));
  const [corpus, loadMs] = await timedAsync(async () => mods.loadCorpus(dir));
  const [mini, buildMs] = timed(() => {
    const m = new mods.MiniSearch(MINI_OPTIONS);
    m.addAll(corpus.passages.map((p) => ({ id: p.id, text: p.text })));
    return m;
  });
  const afterLoad = memory();
  writeFileSync(jsonFile, JSON.stringify(mini));
  const search = latencyOf(readQuestions(questionsFile, Number(searches)), (q) => mini.search(q).slice(0, 10), Number(budget));
  Object.assign(out, { importMs, loadMs, buildMs, afterLoad, bytes: statSync(jsonFile).size, search });
} else if (mode === 'minisearch-restart') {
  const [jsonFile] = argv as [string];
  const MiniSearch = (await import('minisearch')).default;
  const [, openMs] = timed(() => MiniSearch.loadJSON(readFileSync(jsonFile, 'utf8'), MINI_OPTIONS));
  Object.assign(out, { openMs, readyMs: performance.now(), afterLoad: memory() });
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(JSON.stringify(out) + '\n');

async function timedAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
