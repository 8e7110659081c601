/**
 * SQuAD v2.0 dev as an open-corpus benchmark (see squad-eval.ts), on the validation articles of
 * the committed split by default: those are the ones training never reads.
 *
 *   npm run eval:squad [-- --split validation|train|all --file PATH --limit N --json OUT --check-predictions]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scorePredictions, type SquadDataset } from '../src/learn/squad-metrics.js';
import { DEFAULT_SQUAD, loadSquad, type SplitName } from '../src/learn/squad-corpus.js';
import { evaluateSquad, formatEvaluation } from '../src/learn/squad-eval.js';

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
    split: { type: 'string', default: 'validation' },
    limit: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'string' },
    'check-predictions': { type: 'boolean', default: false },
    predictions: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (args.help) {
  console.log(
    'usage: npm run eval:squad -- [--split validation|train|all] [--file PATH] [--limit N] [--json OUT] [--check-predictions [--predictions PATH]]\n' +
      `  --split              which articles' questions to ask (default validation: never trained on); the corpus is always every article\n` +
      `  --file               SQuAD v2.0 JSON (default ${DEFAULT_SQUAD})\n` +
      '  --limit N            ask only the first N questions of the split\n' +
      '  --threshold T        abstain below confidence T (default: the threshold training chose for SQuAD; the engine\'s own default is 0.2)\n' +
      '  --json OUT           write {summary, reliability, predictions: {id: answer|""}}\n' +
      `  --check-predictions  score ${BERT_PREDICTIONS} (next to --file) instead of running the engine`,
  );
  process.exit(0);
}

const split = args.split as SplitName;
if (!['validation', 'train', 'all'].includes(split)) fail(`--split must be validation, train or all (got "${args.split}")`, 2);
const file = args.file ? resolve(process.cwd(), args.file) : DEFAULT_SQUAD;
let limit: number | undefined;
if (args.limit !== undefined) {
  limit = Number(args.limit);
  if (!Number.isInteger(limit) || limit <= 0) fail(`--limit must be a positive integer, got "${args.limit}"`, 2);
}

let threshold: number | undefined;
if (args.threshold !== undefined) {
  threshold = Number(args.threshold);
  if (!(threshold >= 0 && threshold <= 1)) fail(`--threshold must be between 0 and 1, got "${args.threshold}"`, 2);
}

let data: SquadDataset;
try {
  data = loadSquad(file).data;
} catch (e) {
  fail((e as Error).message, 2);
}

if (args['check-predictions']) {
  checkPredictions(data, args.predictions ? resolve(process.cwd(), args.predictions) : join(dirname(file), BERT_PREDICTIONS));
} else {
  const t = performance.now();
  const result = await evaluateSquad(data, { split, limit, threshold });
  console.log(formatEvaluation(result));
  console.log(`total wall ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(ANCHORS);
  if (args.json) {
    const out = resolve(process.cwd(), args.json);
    writeFileSync(out, JSON.stringify({ summary: result.summary, rows: Object.fromEntries(result.rows), reliability: result.reliability, predictions: result.predictions }, null, 1) + '\n');
    console.log(`wrote ${out}`);
  }
}

function checkPredictions(ds: SquadDataset, path: string): void {
  if (!existsSync(path)) fail(`predictions file missing: ${path} — pass --predictions PATH`, 2);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  // Accept our own --json output as well as the bare official {id: answer} map.
  const preds = (typeof raw === 'object' && raw !== null && 'predictions' in raw ? raw.predictions : raw) as Record<string, string>;
  const r = scorePredictions(ds.questions, preds);
  const pct = (x: number) => x.toFixed(2).padStart(6);
  console.log(`predictions: ${path}`);
  console.log(`data:        ${file} (${ds.questions.length} questions)`);
  console.log(`             ${'n'.padStart(6)}  ${'EM'.padStart(6)}  ${'F1'.padStart(6)}`);
  for (const [name, a] of [['overall', r.overall], ['HasAns', r.hasAns], ['NoAns', r.noAns]] as const) {
    console.log(`${name.padEnd(12)} ${String(a.total).padStart(6)}  ${pct(a.exact)}  ${pct(a.f1)}`);
  }
  if (r.missing.length) console.log(`missing predictions: ${r.missing.length} (scored as no-answer)`);
  if (path.endsWith(BERT_PREDICTIONS) && ds.questions.length === 11873) {
    const ok = Math.abs(r.overall.exact - BERT_REFERENCE.exact) < 0.01 && Math.abs(r.overall.f1 - BERT_REFERENCE.f1) < 0.01;
    console.log(`official evaluate-v2.0.py gives ${BERT_REFERENCE.exact} / ${BERT_REFERENCE.f1}: ${ok ? 'MATCH' : 'MISMATCH — the metric port is wrong'}`);
    if (!ok) process.exitCode = 1;
  }
  console.log(ANCHORS);
}
