/**
 * How much of an ask on a large corpus is reading its passages for the first time: a fresh
 * process maps the snapshot back (as bench/scale-child.ts restart does), asks N questions, then
 * asks the same N again. Past ANALYSE_UP_TO passages a passage is analysed (wink, candidates)
 * when an ask first reads it; the second pass finds every passage it reads already read. N above
 * the engine's question cache (512) means the second pass reads each question afresh too.
 *
 *   node --expose-gc --import tsx bench/reads-twice.ts DIR SNAPSHOT QUESTIONS_JSON [N]
 *
 * DIR, SNAPSHOT and QUESTIONS_JSON as `npm run bench -- --passages 166000` leaves them in
 * data/bench/ (wiki-166000/, wiki-166000.snapshot, squad-questions.json). Prints the first ask
 * and each pass's per-ask CPU time (this process's threads) p50 / p90 / p99 and sum, in ms.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CORPUS_LIMITS, loadCorpus } from '../src/corpus/load.js';
import { createEngine } from '../src/engine.js';
import { loadOrBuild } from '../src/index/load-or-build.js';
import { askText } from '../src/learn/ask-text.js';

const [dir, snapshotFile, questionsFile, n = '1000'] = process.argv.slice(2);
if (!dir || !snapshotFile || !questionsFile) throw new Error('usage: bench/reads-twice.ts DIR SNAPSHOT QUESTIONS_JSON [N]');
const loaded = await loadOrBuild({ dir, snapshotFile, limits: DEFAULT_CORPUS_LIMITS, load: loadCorpus });
if (loaded.from !== 'snapshot') throw new Error(`expected to map the snapshot back, but: ${loaded.notes.join('; ') || 'it was built'}`);
const engine = createEngine(loaded.snapshot.corpus, { index: loaded.snapshot.index });
const questions = (JSON.parse(readFileSync(questionsFile, 'utf8')) as string[]).slice(0, Number(n));

const cpu = (f: () => unknown) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => +s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!.toFixed(2);
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), sum: Math.round(xs.reduce((a, b) => a + b, 0)) };
};
const firstAsk = cpu(() => askText(engine, questions[0]!));
const first = questions.map((q) => cpu(() => askText(engine, q)));
const again = questions.map((q) => cpu(() => askText(engine, q)));
console.log(JSON.stringify({ passages: loaded.snapshot.corpus.passages.length, questions: questions.length, firstAskMs: +firstAsk.toFixed(1), firstReading: stats(first), passagesRead: stats(again) }));
