/**
 * SQuAD v2.0 dev as an open-corpus benchmark: every question is asked against ALL dev
 * paragraphs at once, so retrieval errors count — unlike the published numbers printed as
 * anchors, which are given the gold paragraph.
 *
 *   npm run eval:squad [-- --file PATH --limit N --json OUT --check-predictions]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Corpus } from '../src/corpus/types.js';
import {
  aggregate,
  parseSquad,
  scorePredictions,
  scoreQuestion,
  whType,
  WH_TYPES,
  type QuestionScore,
  type SquadDataset,
  type WhType,
} from './squad-metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_FILE = resolve(ROOT, '../shared/data/squad-dev/dev-v2.0.rebuilt.json');
const BERT_PREDICTIONS = 'predictions/v2.0-dev.bert-single-google.json';
// Official evaluate-v2.0.py on the same predictions (SOURCE.md); our port must reproduce it.
const BERT_REFERENCE = { exact: 78.74, f1: 81.78 };
const ANCHORS =
  'Anchors (reader given the gold paragraph, not an open corpus): SQuAD paper LR reader: who 57, when 73, how much/many 65, overall 51 F1; BERT-single (v2.0): 78.7 EM / 81.8 F1.';

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const { values: args } = parseArgs({
  options: {
    file: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'string' },
    'check-predictions': { type: 'boolean', default: false },
    predictions: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (args.help) {
  console.log(
    'usage: npm run eval:squad -- [--file PATH] [--limit N] [--json OUT] [--check-predictions [--predictions PATH]]\n' +
      `  --file               SQuAD v2.0 JSON (default ${DEFAULT_FILE})\n` +
      '  --limit N            ask only the first N questions in file order (the corpus is still all paragraphs)\n' +
      '  --json OUT           write {summary, predictions: {id: answer|""}}\n' +
      `  --check-predictions  score ${BERT_PREDICTIONS} (next to --file) instead of running the engine`,
  );
  process.exit(0);
}

const file = args.file ? resolve(process.cwd(), args.file) : DEFAULT_FILE;
if (!existsSync(file)) {
  fail(`SQuAD data file missing: ${file} — pass --file PATH to a SQuAD v2.0 dev JSON (e.g. dev-v2.0.json).`, 2);
}

let limit = Infinity;
if (args.limit !== undefined) {
  limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit <= 0) fail(`--limit must be a positive integer, got "${args.limit}"`, 2);
}

let data: SquadDataset;
try {
  data = parseSquad(JSON.parse(readFileSync(file, 'utf8')));
} catch (e) {
  fail(`cannot read ${file}: ${(e as Error).message}`, 2);
}

const pct = (x: number) => x.toFixed(2).padStart(6);

if (args['check-predictions']) {
  checkPredictions(data, args.predictions ? resolve(process.cwd(), args.predictions) : join(dirname(file), BERT_PREDICTIONS));
} else {
  await evaluate(data);
}

function checkPredictions(ds: SquadDataset, path: string): void {
  if (!existsSync(path)) fail(`predictions file missing: ${path} — pass --predictions PATH`, 2);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  // Accept our own --json output as well as the bare official {id: answer} map.
  const preds = (typeof raw === 'object' && raw !== null && 'predictions' in raw ? raw.predictions : raw) as Record<string, string>;
  const r = scorePredictions(ds.questions, preds);
  console.log(`predictions: ${path}`);
  console.log(`data:        ${file} (${ds.questions.length} questions)`);
  console.log(`             ${'n'.padStart(6)}  ${'EM'.padStart(6)}  ${'F1'.padStart(6)}`);
  for (const [name, a] of [['overall', r.overall], ['HasAns', r.hasAns], ['NoAns', r.noAns]] as const) {
    console.log(`${name.padEnd(12)} ${String(a.total).padStart(6)}  ${pct(a.exact)}  ${pct(a.f1)}`);
  }
  if (r.missing.length) console.log(`missing predictions: ${r.missing.length} (scored as no-answer)`);
  if (path.endsWith(BERT_PREDICTIONS) && ds.questions.length === 11873) {
    const ok = Math.abs(r.overall.exact - BERT_REFERENCE.exact) < 0.01 && Math.abs(r.overall.f1 - BERT_REFERENCE.f1) < 0.01;
    console.log(
      `official evaluate-v2.0.py gives ${BERT_REFERENCE.exact} / ${BERT_REFERENCE.f1}: ${ok ? 'MATCH' : 'MISMATCH — the metric port is wrong'}`,
    );
    if (!ok) process.exitCode = 1;
  }
  console.log(ANCHORS);
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Gold passage id per (article, paragraph), read back from the built corpus rather than assumed. */
function goldPassageIds(ds: SquadDataset, corpus: Corpus, docIds: string[]): string[][] {
  return ds.articles.map((art, ai) => {
    const doc = corpus.documents.find((d) => d.id === docIds[ai]) ?? corpus.documents[ai];
    return art.paragraphs.map((par, pi) => {
      if (!doc) return '';
      const ctx = par.context.trim();
      const p =
        doc.passages.find((x) => x.paragraph === pi + 1 && x.text.trim() === ctx) ??
        doc.passages.find((x) => x.text.trim() === ctx) ??
        doc.passages[pi];
      return p?.id ?? '';
    });
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank, so p99 of a small sample is an observed value rather than an interpolation.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Row {
  n: number;
  nHas: number;
  nNo: number;
  exact: number;
  f1: number;
  hasExact: number;
  hasF1: number;
  noExact: number;
  noF1: number;
  para1: number;
  abstainNo: number;
  falseAbstainHas: number;
  p50: number;
  p99: number;
}

interface Outcome {
  score: QuestionScore;
  has: boolean;
  abstained: boolean;
  para1: boolean;
  ms: number;
  type: WhType;
}

function summarise(outs: Outcome[]): Row {
  const has = outs.filter((o) => o.has);
  const no = outs.filter((o) => !o.has);
  const all = aggregate(outs.map((o) => o.score));
  const h = aggregate(has.map((o) => o.score));
  const n = aggregate(no.map((o) => o.score));
  const share = (xs: Outcome[], f: (o: Outcome) => boolean) => (xs.length ? (100 * xs.filter(f).length) / xs.length : NaN);
  const ms = outs.map((o) => o.ms).sort((a, b) => a - b);
  return {
    n: outs.length,
    nHas: has.length,
    nNo: no.length,
    exact: all.exact,
    f1: all.f1,
    hasExact: h.exact,
    hasF1: h.f1,
    noExact: n.exact,
    noF1: n.f1,
    para1: share(has, (o) => o.para1),
    abstainNo: share(no, (o) => o.abstained),
    falseAbstainHas: share(has, (o) => o.abstained),
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
  };
}

async function evaluate(ds: SquadDataset): Promise<void> {
  const tWall = performance.now();
  // Imported lazily so --check-predictions works even while the engine or loader is broken.
  const { createEngine } = await import('../src/engine.js');
  const { corpusFromDocuments } = await import('../src/corpus/load.js');
  const docIds = ds.articles.map((a, i) => `squad-${String(i + 1).padStart(2, '0')}-${slug(a.title)}`);
  const t0 = performance.now();
  const corpus = corpusFromDocuments(
    ds.articles.map((a, i) => ({
      id: docIds[i]!,
      file: `squad/${a.title}`,
      title: a.title.replace(/_/g, ' '),
      source: 'SQuAD v2.0 dev',
      date: null,
      url: `https://en.wikipedia.org/wiki/${encodeURIComponent(a.title)}`,
      paragraphs: a.paragraphs.map((p) => p.context),
    })),
  );
  const tCorpus = performance.now() - t0;
  const t1 = performance.now();
  const engine = createEngine(corpus);
  const tIndex = performance.now() - t1;
  const gold = goldPassageIds(ds, corpus, docIds);
  const unmapped = gold.flat().filter((id) => !id).length;

  const questions = ds.questions.slice(0, limit);
  const predictions: Record<string, string> = {};
  const outcomes: Outcome[] = [];
  let errors = 0;
  let firstError = '';
  const progress = process.stderr.isTTY;
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!;
    let answer: string | null = null;
    let cited: string | undefined;
    const s = performance.now();
    try {
      const a = engine.ask(q.question);
      answer = a.answer;
      cited = a.citations[0]?.id;
      if (a.error) {
        errors++;
        firstError ||= `${q.id}: ${a.error}`;
      }
    } catch (e) {
      errors++;
      firstError ||= `${q.id}: threw ${(e as Error).message}`;
    }
    const ms = performance.now() - s;
    predictions[q.id] = answer ?? '';
    outcomes.push({
      score: scoreQuestion(q.answers, answer),
      has: !q.isImpossible,
      abstained: answer === null || answer === '',
      para1: cited !== undefined && cited === gold[q.articleIndex]?.[q.paragraphIndex],
      ms,
      type: whType(q.question),
    });
    if (progress && i % 250 === 0) process.stderr.write(`\r${i}/${questions.length}`);
  }
  if (progress) process.stderr.write('\r' + ' '.repeat(24) + '\r');
  const wall = performance.now() - tWall;

  const rows: Array<[string, Row]> = [['overall', summarise(outcomes)]];
  for (const t of WH_TYPES) {
    const sub = outcomes.filter((o) => o.type === t);
    if (sub.length) rows.push([t, summarise(sub)]);
  }

  console.log(`SQuAD v2.0 open-corpus eval: ${file}`);
  console.log(
    `corpus: ${corpus.documents.length} documents, ${corpus.passages.length} passages (built in ${tCorpus.toFixed(0)} ms, index ${tIndex.toFixed(0)} ms); ` +
      `questions: ${questions.length}${Number.isFinite(limit) ? ` (first ${limit} in file order)` : ''} of ${ds.questions.length}`,
  );
  if (unmapped) console.log(`warning: ${unmapped} SQuAD paragraphs have no matching passage; paragraph@1 undercounts`);
  if (corpus.warnings.length) console.log(`corpus warnings: ${corpus.warnings.length} (first: ${corpus.warnings[0]!.reason})`);
  console.log(
    'type: first wh-word anywhere in the question (who/whom/whose → who; "how" + much/many → how much/many; "In what year…" → what).',
  );
  console.log('para@1: citations[0] is the gold paragraph, over answerable questions, whether or not the engine answered.');
  const fmt = (x: number) => (Number.isNaN(x) ? '     -' : pct(x));
  const header =
    `${'type'.padEnd(13)} ${'n'.padStart(5)} ${'hasA'.padStart(5)} ${'noA'.padStart(5)} │ ${'EM'.padStart(6)} ${'F1'.padStart(6)} │ ` +
    `${'HasEM'.padStart(6)} ${'HasF1'.padStart(6)} │ ${'NoEM'.padStart(6)} ${'NoF1'.padStart(6)} │ ${'para@1'.padStart(6)} ${'abst'.padStart(6)} ${'fAbst'.padStart(6)} │ ${'p50ms'.padStart(6)} ${'p99ms'.padStart(6)}`;
  console.log(header);
  console.log('─'.repeat(header.length));
  for (const [name, r] of rows) {
    console.log(
      `${name.padEnd(13)} ${String(r.n).padStart(5)} ${String(r.nHas).padStart(5)} ${String(r.nNo).padStart(5)} │ ${fmt(r.exact)} ${fmt(r.f1)} │ ` +
        `${fmt(r.hasExact)} ${fmt(r.hasF1)} │ ${fmt(r.noExact)} ${fmt(r.noF1)} │ ${fmt(r.para1)} ${fmt(r.abstainNo)} ${fmt(r.falseAbstainHas)} │ ` +
        `${r.p50.toFixed(2).padStart(6)} ${r.p99.toFixed(2).padStart(6)}`,
    );
    if (name === 'overall') console.log('─'.repeat(header.length));
  }
  console.log('abst = answer null on unanswerable (higher is better); fAbst = answer null on answerable (lower is better).');
  console.log(`latency per question: p50 ${rows[0]![1].p50.toFixed(2)} ms, p99 ${rows[0]![1].p99.toFixed(2)} ms; total wall ${(wall / 1000).toFixed(1)} s`);
  if (errors) console.log(`engine errors: ${errors} (first: ${firstError})`);
  console.log(ANCHORS);

  if (args.json) {
    const out = resolve(process.cwd(), args.json);
    const summary = {
      file,
      questions: questions.length,
      corpus: { documents: corpus.documents.length, passages: corpus.passages.length, buildMs: tCorpus, indexMs: tIndex },
      wallMs: wall,
      errors,
      rows: Object.fromEntries(rows),
    };
    writeFileSync(out, JSON.stringify({ summary, predictions }, null, 1) + '\n');
    console.log(`wrote ${out}`);
  }
}
