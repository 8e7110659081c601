/**
 * Where the reader loses answers, stage by stage, on SQuAD questions whose answer is in the corpus:
 * is the gold paragraph among the passages read, is the gold span among the candidates at all
 * (exact match, and the best F1 any candidate reaches), and what the span model then picks. Run
 * it on the training articles (the default) to decide what to build; the validation articles are
 * for reporting, not for looking at misses.
 *
 *   npm run eval:where-lost [-- --split train|validation --every K --show N]
 *
 * --show N prints N questions whose gold paragraph was read but whose gold span no candidate
 * gives, with the nearest candidates: the spans the extractors miss.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { articlesIn, DEFAULT_SQUAD, loadSquad, squadCorpus, type SplitName } from '../src/learn/squad-corpus.js';
import { compileReader, createReaderDeps, TRAINED_WEIGHTS } from '../src/answer/reader.js';
import { read, READER_DEPTH, understand } from '../src/answer/pipeline.js';
import { exactMatch, tokenF1, whType } from '../src/learn/squad-metrics.js';

const { values: args } = parseArgs({ options: { split: { type: 'string', default: 'train' }, every: { type: 'string', default: '1' }, show: { type: 'string', default: '0' } } });
if (!existsSync(DEFAULT_SQUAD)) {
  console.error(`${DEFAULT_SQUAD} is missing: this script needs ../shared/data/squad-dev beside the project`);
  process.exit(2);
}
const { data } = loadSquad(DEFAULT_SQUAD);
const articles = articlesIn(data, args.split as SplitName);
const { corpus, gold } = squadCorpus(data.articles, articles);
const deps = createReaderDeps(corpus, { model: compileReader(TRAINED_WEIGHTS) });
const inSplit = new Set(articles);
const every = Math.max(1, Number(args.every));
const questions = data.questions.filter((q, i) => inSplit.has(q.articleIndex) && q.answers.length > 0 && i % every === 0);
const best = (answers: readonly string[], text: string, judge: (g: string, p: string) => number) => Math.max(...answers.map((a) => judge(a, text)));

const COLUMNS = ['read', 'top1', 'candEM(gold)', 'candF1(gold)', 'candEM(any)', 'chosenEM', 'chosenF1'] as const;
const rows = new Map<string, { n: number; sums: number[] }>();
let shown = 0;
for (const q of questions) {
  const at = gold.get(`${q.articleIndex}:${q.paragraphIndex}`);
  const trace = read(deps, understand(deps, deps.casing.restore(q.question)));
  const wasRead = trace.passages.slice(0, READER_DEPTH.read).some((p) => p.doc === at);
  let emGold = 0, f1Gold = 0, emAny = 0;
  for (const c of trace.candidates) {
    const em = best(q.answers, c.text, exactMatch);
    if (c.view.ev.index === at) {
      emGold = Math.max(emGold, em);
      f1Gold = Math.max(f1Gold, best(q.answers, c.text, tokenF1));
    }
    emAny = Math.max(emAny, em);
  }
  const chosen = trace.best?.candidate.text ?? '';
  const values = [+wasRead, +(trace.passages[0]?.doc === at), emGold, f1Gold, emAny, best(q.answers, chosen, exactMatch), best(q.answers, chosen, tokenF1)];
  for (const key of ['all', whType(q.question)]) {
    const row = rows.get(key) ?? { n: 0, sums: COLUMNS.map(() => 0) };
    row.n++;
    values.forEach((v, k) => (row.sums[k]! += v));
    rows.set(key, row);
  }
  if (shown < Number(args.show) && wasRead && emGold === 0) {
    shown++;
    const near = trace.candidates.filter((c) => c.view.ev.index === at).map((c) => [best(q.answers, c.text, tokenF1), c.text] as const).sort((a, b) => b[0] - a[0]).slice(0, 2);
    console.log(`${q.question}\n  gold: ${JSON.stringify(q.answers[0])}   nearest: ${near.map(([f, t]) => `${f.toFixed(2)} ${JSON.stringify(t)}`).join(' | ') || '(none)'}`);
  }
}
console.log(`${args.split} articles, ${questions.length} answerable questions; % of questions (F1 columns: mean F1):`);
console.log(['type'.padEnd(14), 'n'.padStart(5), ...COLUMNS.map((c) => c.padStart(13))].join(''));
for (const [key, row] of rows) console.log([key.padEnd(14), String(row.n).padStart(5), ...row.sums.map((v) => ((100 * v) / row.n).toFixed(1).padStart(13))].join(''));
