/**
 * The first ask after a restart, in one fresh process: map a snapshot back (as
 * bench/scale-child.ts restart does), then with `warm` run the engine's warm-up to the end in
 * slices as a bot's workers do in their idle time (src/pool/warm.ts), or with `cold` ask at once;
 * then ask question I of the file, and the next one. Works in a checkout without the warm-up too
 * (warmUp then has nothing to do at this size), so both can take turns.
 *
 *   node --max-old-space-size=4096 --import tsx bench/first-ask.ts warm|cold DIR SNAPSHOT QUESTIONS_JSON [I]
 *
 * DIR, SNAPSHOT and QUESTIONS_JSON as `npm run bench -- --passages 166000` leaves them in
 * data/bench/. Prints one JSON line: ready and warm-up time, each ask's wall and CPU time (this
 * process's threads) in ms, and the first answer.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CORPUS_LIMITS, loadCorpus } from '../src/corpus/load.js';
import { createEngine } from '../src/engine.js';
import { loadOrBuild } from '../src/index/load-or-build.js';
import { askText } from '../src/learn/ask-text.js';
import { warmedUp } from '../src/pool/warm.js';

const [mode, dir, snapshotFile, questionsFile, at = '0'] = process.argv.slice(2);
if ((mode !== 'warm' && mode !== 'cold') || !dir || !snapshotFile || !questionsFile) throw new Error('usage: bench/first-ask.ts warm|cold DIR SNAPSHOT QUESTIONS_JSON [I]');
const loaded = await loadOrBuild({ dir, snapshotFile, limits: DEFAULT_CORPUS_LIMITS, load: loadCorpus });
if (loaded.from !== 'snapshot') throw new Error(`expected to map the snapshot back, but: ${loaded.notes.join('; ') || 'it was built'}`);
const engine = createEngine(loaded.snapshot.corpus, { index: loaded.snapshot.index });
const readyMs = performance.now();
const questions = JSON.parse(readFileSync(questionsFile, 'utf8')) as string[];

let warmUpMs = 0;
if (mode === 'warm') {
  const t = performance.now();
  await warmedUp(engine, 20);
  warmUpMs = performance.now() - t;
}

const timed = (q: string) => {
  const c = process.cpuUsage();
  const t = performance.now();
  const answer = askText(engine, q);
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms: +ms.toFixed(1), cpu: +((d.user + d.system) / 1000).toFixed(1), answer: answer.answer };
};
const first = timed(questions[Number(at)]!);
const second = timed(questions[Number(at) + 1]!);
console.log(JSON.stringify({ mode, question: Number(at), readyMs: Math.round(readyMs), warmUpMs: Math.round(warmUpMs), first, second }));
