/**
 * SQuAD v2.0 as an open-corpus benchmark: every question is asked against ALL the data's
 * paragraphs at once, so retrieval errors count (published numbers are given the gold
 * paragraph). Also measures calibration: the engine runs with no threshold, so every question
 * has a would-be answer whose confidence can be checked against exact match.
 */
import type { WeightsFile } from '../answer/model.js';
import { reliability, type ReliabilityBin } from './calibration.js';
import { aggregate, scoreQuestion, whType, WH_TYPES, type QuestionScore, type SquadDataset, type WhType } from './squad-metrics.js';
import { articlesIn, squadCorpus, type SplitName } from './squad-corpus.js';
import { decided, FORCED } from './decided.js';
import type { Thresholds } from '../answer/model.js';

export interface EvalOptions {
  split: SplitName;
  weights?: WeightsFile;
  limit?: number;
  /** The confidence an answer needs, over the trained one (the holds gate stays the trained one). */
  threshold?: number;
}

export interface Row {
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
  id: string;
  score: QuestionScore;
  has: boolean;
  abstained: boolean;
  para1: boolean;
  ms: number;
  type: WhType;
  confidence: number;
  /** Exact match of the would-be answer, threshold or not. */
  wouldExact: number;
}

export interface Evaluation {
  split: SplitName;
  corpus: { documents: number; passages: number; indexMs: number };
  questions: number;
  thresholds: Thresholds;
  rows: Array<[string, Row]>;
  /** Every question's would-be answer, and the answers actually given. */
  reliability: { all: { bins: ReliabilityBin[]; ece: number }; answered: { bins: ReliabilityBin[]; ece: number } };
  predictions: Record<string, string>;
  errors: number;
  summary: Record<string, number | string>;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank, so p99 of a small sample is an observed value rather than an interpolation.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summarise(outs: readonly Outcome[]): Row {
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

export async function evaluateSquad(data: SquadDataset, options: EvalOptions): Promise<Evaluation> {
  // Imported lazily so the metric and its tests work even while the engine is broken.
  const { createEngine } = await import('../engine.js');
  // Whole-corpus: every article is a possible source, whichever questions are asked.
  const { corpus, gold } = squadCorpus(data.articles, data.articles.map((_, i) => i));
  const t0 = performance.now();
  const engine = createEngine(corpus, { weights: options.weights, thresholds: FORCED });
  const indexMs = performance.now() - t0;
  const trained = (options.weights ?? (await import('../answer/reader.js')).TRAINED_WEIGHTS).thresholds;
  const thresholds = { ...trained, ...(options.threshold !== undefined ? { confidence: options.threshold } : {}) };
  const wanted = new Set(articlesIn(data, options.split));
  const questions = data.questions.filter((q) => wanted.has(q.articleIndex)).slice(0, options.limit ?? Infinity);
  const predictions: Record<string, string> = {};
  const outcomes: Outcome[] = [];
  let errors = 0;
  const progress = process.stderr.isTTY;
  questions.forEach((q, i) => {
    const s = performance.now();
    let d;
    try {
      d = decided(engine, q.question, thresholds);
    } catch {
      errors++;
    }
    const ms = performance.now() - s;
    const a = d?.forced;
    if (a?.error) errors++;
    const confidence = a?.confidence ?? 0;
    const answer = d?.given ?? null;
    predictions[q.id] = answer ?? '';
    const cited = a?.citations[0] ? corpus.passages.findIndex((p) => p.id === a.citations[0]!.id) : -1;
    outcomes.push({
      id: q.id,
      score: scoreQuestion(q.answers, answer),
      has: !q.isImpossible,
      abstained: answer === null,
      para1: cited >= 0 && cited === gold.get(`${q.articleIndex}:${q.paragraphIndex}`),
      ms,
      type: whType(q.question),
      confidence,
      wouldExact: a?.answer ? scoreQuestion(q.answers, a.answer).exact : 0,
    });
    if (progress && i % 250 === 0) process.stderr.write(`\r${i}/${questions.length}`);
  });
  if (progress) process.stderr.write('\r' + ' '.repeat(24) + '\r');

  const rows: Array<[string, Row]> = [['overall', summarise(outcomes)]];
  for (const t of WH_TYPES) {
    const sub = outcomes.filter((o) => o.type === t);
    if (sub.length) rows.push([t, summarise(sub)]);
  }
  const answered = outcomes.filter((o) => !o.abstained);
  const rel = {
    all: reliability(outcomes.map((o) => o.confidence), outcomes.map((o) => o.wouldExact === 1)),
    answered: reliability(answered.map((o) => o.confidence), answered.map((o) => o.score.exact === 1)),
  };
  const o = rows[0]![1];
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    split: options.split,
    corpus: { documents: corpus.documents.length, passages: corpus.passages.length, indexMs },
    questions: questions.length,
    thresholds,
    rows,
    reliability: rel,
    predictions,
    errors,
    summary: {
      split: options.split,
      questions: questions.length,
      f1: r1(o.f1),
      exact: r1(o.exact),
      hasF1: r1(o.hasF1),
      noAnswerAccuracy: r1(o.noExact),
      para1: r1(o.para1),
      ece: Math.round(rel.all.ece * 1000) / 1000,
      eceAnswered: Math.round(rel.answered.ece * 1000) / 1000,
    },
  };
}

const pct = (x: number) => (Number.isNaN(x) ? '     -' : x.toFixed(2).padStart(6));

export function formatEvaluation(e: Evaluation): string {
  const lines: string[] = [];
  lines.push(`SQuAD v2.0 open-corpus eval, ${e.split} articles: ${e.questions} questions against all ${e.corpus.passages} passages (${e.corpus.documents} articles; index ${e.corpus.indexMs.toFixed(0)} ms); answers need P(holds) ≥ ${e.thresholds.holds} and confidence ≥ ${e.thresholds.confidence}`);
  lines.push('type: first wh-word anywhere in the question (who/whom/whose → who; "how" + much/many → how much/many; "In what year…" → what).');
  lines.push('para@1: citations[0] is the gold paragraph, over answerable questions, whether or not the engine answered.');
  const header =
    `${'type'.padEnd(13)} ${'n'.padStart(5)} ${'hasA'.padStart(5)} ${'noA'.padStart(5)} │ ${'EM'.padStart(6)} ${'F1'.padStart(6)} │ ` +
    `${'HasEM'.padStart(6)} ${'HasF1'.padStart(6)} │ ${'NoEM'.padStart(6)} ${'NoF1'.padStart(6)} │ ${'para@1'.padStart(6)} ${'abst'.padStart(6)} ${'fAbst'.padStart(6)} │ ${'p50ms'.padStart(6)} ${'p99ms'.padStart(6)}`;
  lines.push(header, '─'.repeat(header.length));
  for (const [name, r] of e.rows) {
    lines.push(
      `${name.padEnd(13)} ${String(r.n).padStart(5)} ${String(r.nHas).padStart(5)} ${String(r.nNo).padStart(5)} │ ${pct(r.exact)} ${pct(r.f1)} │ ` +
        `${pct(r.hasExact)} ${pct(r.hasF1)} │ ${pct(r.noExact)} ${pct(r.noF1)} │ ${pct(r.para1)} ${pct(r.abstainNo)} ${pct(r.falseAbstainHas)} │ ` +
        `${r.p50.toFixed(2).padStart(6)} ${r.p99.toFixed(2).padStart(6)}`,
    );
    if (name === 'overall') lines.push('─'.repeat(header.length));
  }
  lines.push('abst = answer null on unanswerable (higher is better); fAbst = answer null on answerable (lower is better).');
  lines.push('');
  lines.push('Reliability (10 bins; right = exact match). "all": every question\'s would-be answer, threshold or not; "answered": answers actually given.');
  lines.push(`${'confidence'.padEnd(11)} │ ${'all: n'.padStart(7)} ${'conf'.padStart(6)} ${'EM'.padStart(6)} │ ${'answered: n'.padStart(12)} ${'conf'.padStart(6)} ${'EM'.padStart(6)}`);
  e.reliability.all.bins.forEach((b, k) => {
    const a = e.reliability.answered.bins[k]!;
    const f = (x: number, n: number) => (n ? x.toFixed(3).padStart(6) : '     -');
    lines.push(`${`${b.from.toFixed(1)}–${b.to.toFixed(1)}`.padEnd(11)} │ ${String(b.n).padStart(7)} ${f(b.confidence, b.n)} ${f(b.accuracy, b.n)} │ ${String(a.n).padStart(12)} ${f(a.confidence, a.n)} ${f(a.accuracy, a.n)}`);
  });
  lines.push(`expected calibration error: all ${e.reliability.all.ece.toFixed(3)}, answered ${e.reliability.answered.ece.toFixed(3)}`);
  if (e.errors) lines.push(`questions refused as input or failed (yes/no questions, statements, engine errors): ${e.errors}`);
  return lines.join('\n');
}
