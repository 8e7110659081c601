/**
 * Two checkouts' readers in one process, taking turns, so the machine's other load falls on
 * both alike: on a shared 2-core machine the runs of fresh processes spread wider than most
 * changes to an ask. Each checkout's compiled engine is imported from its own dist/ (build both
 * first: `npm run build` in each), so each has its own modules, caches and compiled code.
 *
 *   node --import tsx bench/ab-reader.ts A B [--corpus 1mb|seed] [--warm 600] [--chunk 100]
 *
 * 1mb: the 1 MB corpus of the burst bench (bench/burst-corpus.ts: corpus/ plus the 35 SQuAD dev
 * articles, written under this checkout's data/bench/) and its first 2,000 distinct burst
 * questions, each asked once per checkout: the first `warm` to warm up, then chunks of `chunk`
 * new questions, A first in one chunk and B first in the next. Prints the time each checkout
 * spent on the timed chunks and B's as a share of A's.
 * seed: corpus/ and the 40 public questions, a round each to warm up, then 30 rounds taking
 * turns; prints each checkout's per-ask p50 and their ratio.
 *
 * Both checkouts answer the same questions; compare their answers with the REPL, not here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { shippedQuestions } from '../test-support/burst.js';
import { burstCorpus } from './burst-corpus.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string', default: '1mb' }, warm: { type: 'string', default: '600' }, chunk: { type: 'string', default: '100' } },
});
if (positionals.length !== 2) throw new Error('usage: bench/ab-reader.ts CHECKOUT_A CHECKOUT_B [--corpus 1mb|seed] [--warm N] [--chunk N]');
const trees = positionals.map((p) => resolve(p));
const seed = values.corpus === 'seed';
if (!seed && values.corpus !== '1mb') throw new Error(`--corpus ${values.corpus}: 1mb or seed`);

type Ask = (question: string) => unknown;
const load = (tree: string, file: string) => import(pathToFileURL(join(tree, 'dist/src', file)).href);

async function open(tree: string, corpusDir: string): Promise<Ask> {
  const { askText } = await load(tree, 'learn/ask-text.js');
  const { createEngine } = await load(tree, 'engine.js');
  if (seed) {
    const { loadCorpus } = await load(tree, 'corpus/load.js');
    const engine = createEngine(await loadCorpus(corpusDir));
    return (q) => askText(engine, q);
  }
  const { loadConfig } = await load(tree, 'config.js');
  const { loadIndex } = await load(tree, 'cli/indexing.js');
  // Each checkout keeps its own snapshot of the corpus (its analysis code may differ).
  const config = loadConfig({ CORPUS_DIR: corpusDir, SNAPSHOT_DIR: join(tree, 'data/snapshots') });
  if (!config.ok) throw new Error(config.errors.join('; '));
  const loaded = await loadIndex(config.config, () => {});
  const engine = createEngine(loaded.snapshot.corpus, { index: loaded.snapshot.index, threshold: config.config.answerThreshold });
  return (q) => askText(engine, q);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const timed = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

if (seed) {
  const root = resolve(import.meta.dirname, '..');
  const questions = readFileSync(join(root, 'tests/fixtures/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => String((JSON.parse(l) as { q: unknown }).q));
  const asks: Ask[] = [];
  for (const t of trees) asks.push(await open(t, join(root, 'corpus')));
  for (const ask of asks) for (const q of questions) ask(q);
  const times: number[][] = [[], []];
  for (let r = 0; r < 30; r++) for (const k of r % 2 ? [1, 0] : [0, 1]) for (const q of questions) times[k]!.push(timed(() => asks[k]!(q)));
  const p50 = times.map(median);
  console.log(JSON.stringify({ corpus: 'seed', trees, p50: p50.map((x) => +x.toFixed(3)), ratio: +(p50[1]! / p50[0]!).toFixed(3) }));
} else {
  const built = burstCorpus();
  if (!built) process.exit(1);
  const seen = new Set<string>();
  const questions = [...shippedQuestions(), ...built.questions].filter((q) => !seen.has(q) && seen.add(q)).slice(0, 2000);
  const asks: Ask[] = [];
  for (const t of trees) asks.push(await open(t, built.dir));
  const warm = Number(values.warm);
  const chunk = Number(values.chunk);
  for (const ask of asks) for (const q of questions.slice(0, warm)) ask(q);
  const sums: [number, number] = [0, 0];
  const ratios: number[] = [];
  for (let at = warm, r = 0; at + chunk <= questions.length; at += chunk, r++) {
    const here: [number, number] = [0, 0];
    for (const k of r % 2 ? [1, 0] : [0, 1]) here[k] = timed(() => questions.slice(at, at + chunk).forEach((q) => asks[k]!(q)));
    sums[0] += here[0];
    sums[1] += here[1];
    ratios.push(+(here[1] / here[0]).toFixed(2));
  }
  console.log(JSON.stringify({ corpus: '1mb', trees, questions: questions.length - warm, ms: sums.map(Math.round), ratio: +(sums[1] / sums[0]).toFixed(3), chunkRatios: ratios }));
}
