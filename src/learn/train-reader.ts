/**
 * Fits the reader from questions with known answers: first the passage re-ranker (a softmax
 * over BM25's top hits, right when it picks the paragraph holding the answer), then the answer
 * scorer (a softmax over every candidate plus "no answer"), then the calibration that maps the
 * winner's probability to how often such winners are right, measured on answers the scorer
 * made for articles it was not trained on (k-fold by article). Deterministic throughout.
 */
import type { Corpus } from '../corpus/types.js';
import { compileReader, createReaderDeps } from '../answer/reader.js';
import { candidateFeatures } from '../answer/features/candidate.js';
import { noAnswerFeatures } from '../answer/features/no-answer.js';
import { passageFeatures } from '../answer/features/passage.js';
import { verdictFeatures, type VerdictContext } from '../answer/features/verdict.js';
import { applyIsotonic, sigmoid, type Isotonic, type WeightsFile } from '../answer/model.js';
import { extract, featurise, rerank, retrieve, topTwo, understand, READER_DEPTH } from '../answer/pipeline.js';
import { fitIsotonic } from './calibration.js';
import { ListwiseBuilder, fitListwise, rowScores, type ListwiseData, type SparseRow } from './listwise.js';

export interface TrainingQuestion {
  id: string;
  question: string;
  /** Gold answers; empty when the corpus cannot answer. */
  answers: readonly string[];
  /** Index (in corpus.passages) of the passage holding the answer, if answerable. */
  passage: number | null;
  /** Folds never split a group (an article): questions about one text share its quirks. */
  group: string;
  /**
   * Passages hidden from this question: a question asked of a corpus without its article is an
   * out-of-corpus question, whose right reply is "no answer". Such copies teach the reader to
   * abstain when the corpus says little of the question; they are left out of calibration,
   * which is measured on the data's own mix of questions.
   */
  hidden?: ReadonlySet<number>;
  /**
   * The name of another corpus (in TrainOptions.corpora) the question is asked of instead: a
   * small one without its answer, as a user's own folder is. Its right reply is "no answer", and
   * there the question's words are often unknown to the corpus, which a big corpus never shows.
   */
  corpus?: string;
}

/** Whether the question is asked where its answer is not: its article hidden, or another corpus. */
const outOfCorpus = (q: TrainingQuestion) => q.hidden !== undefined || q.corpus !== undefined;

/** How right a predicted text is against gold answers (exact match and token F1, 0..1). */
export type Judge = (gold: readonly string[], prediction: string) => { exact: number; f1: number };

export const TRAIN_DEFAULTS = {
  /** L2 penalty of the re-ranker and of the answer scorer. */
  l2Rerank: 1e-3,
  l2Reader: 1e-3,
  /** Folds for the out-of-fold answers the calibration is fitted on. */
  folds: 4,
  /** Smallest isotonic block: thinner steps are noise. */
  calibrationBlock: 25,
  maxIterations: 100,
};
export type TrainOptions = Partial<typeof TRAIN_DEFAULTS> & {
  log?: (line: string) => void;
  /** Other corpora questions may be asked of (TrainingQuestion.corpus), by name. */
  corpora?: ReadonlyMap<string, Corpus>;
};
type Deps = ReturnType<typeof createReaderDeps>;

const EMPTY: WeightsFile = { version: 1, rerank: {}, reader: {}, verdict: {}, calibration: { at: [0], p: [0] }, threshold: 0.5, training: {}, validation: {} };

interface ReaderRows {
  data: ListwiseData;
  /** Per group: the question's index, and whether it is answerable. */
  question: Int32Array;
  /** Per row: an answer-key id within its group (-1 for "no answer"), and its exact/F1 score. */
  key: Int32Array;
  exact: Float32Array;
  f1: Float32Array;
}

export function trainReader(corpus: Corpus, questions: readonly TrainingQuestion[], judge: Judge, options: TrainOptions = {}) {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const log = options.log ?? (() => undefined);
  const started = performance.now();

  // 1. Re-ranker: which of BM25's hits holds the answer.
  const empty = compileReader(EMPTY);
  let deps = createReaderDeps(corpus, { model: empty });
  let others = new Map([...(options.corpora ?? [])].map(([name, c]) => [name, createReaderDeps(c, { model: empty })]));
  const depsOf = (q: TrainingQuestion): Deps => {
    if (q.corpus === undefined) return deps;
    const d = others.get(q.corpus);
    if (!d) throw new Error(`training question ${q.id} names an unknown corpus ${q.corpus}`);
    return d;
  };
  const views = questions.map((q) => understand(depsOf(q), depsOf(q).casing.restore(q.question)));
  const rr = new ListwiseBuilder(passageFeatures.names.length);
  let reachable = 0;
  questions.forEach((q, i) => {
    if (q.passage === null || outOfCorpus(q)) return;
    const hits = retrieve(deps, views[i]!);
    if (hits.some((h) => h.doc === q.passage)) reachable++;
    const ranked = rerank(deps, views[i]!, hits);
    rr.addGroup(ranked.map((p) => ({ ...p.features, target: p.doc === q.passage ? 1 : 0 })));
  });
  const rerankFit = fitListwise(rr.build(), { l2: o.l2Rerank, maxIterations: o.maxIterations });
  const rerankWeights = named(passageFeatures.names, rerankFit.w);
  log(`re-ranker: ${rr.groups} questions, gold passage in top ${READER_DEPTH.retrieve} for ${reachable}; ${rerankFit.iterations} iterations`);

  // 2. Answer scorer, over candidates read with the trained re-ranker.
  const reranking = compileReader({ ...EMPTY, rerank: rerankWeights });
  deps = { ...deps, model: reranking };
  others = new Map([...others].map(([name, d]) => [name, { ...d, model: reranking }]));
  const rows = readerRows(depsOf, questions, views, judge);
  log(`reader: ${rows.data.groupPtr.length - 1} questions, ${rows.data.target.length} candidate rows (${(performance.now() - started) / 1000 | 0} s)`);
  const unpenalised = [candidateFeatures.names.length + noAnswerFeatures.names.indexOf('none.bias')];
  const onIteration = (i: number, loss: number) => i % 50 === 0 && log(`  iteration ${i}: loss ${loss.toFixed(5)} (${((performance.now() - started) / 1000) | 0} s)`);

  // 3. Out-of-fold answers for calibration and the threshold.
  const groups = [...new Set(questions.map((q) => q.group))];
  const foldOf = new Map(groups.map((g, k) => [g, k % o.folds]));
  const oof: Array<Prediction & { outOfCorpus: boolean }> = [];
  for (let f = 0; f < o.folds; f++) {
    const train = subset(rows, (qi) => foldOf.get(questions[qi]!.group) !== f);
    const fit = fitListwise(train.data, { l2: o.l2Reader, unpenalised, maxIterations: o.maxIterations, onIteration });
    const test = subset(rows, (qi) => foldOf.get(questions[qi]!.group) === f, true);
    oof.push(...predictions(test, fit.w, questions).map((p, k) => ({ ...p, outOfCorpus: outOfCorpus(questions[test.question[k]!]!) })));
    log(`fold ${f + 1}/${o.folds}: ${fit.iterations} iterations`);
  }
  // The verdict: how likely the winner is right, from how it won; then calibrated on the same answers.
  // The verdict learns from every out-of-fold answer, out-of-corpus questions included: a user's
  // question about something the corpus lacks must not look like a right answer. The calibration
  // and the threshold are then set on the data's own mix of questions only.
  const vb = new ListwiseBuilder(verdictFeatures.names.length);
  for (const x of oof) {
    const z = verdictFeatures.evaluate(x.verdict);
    vb.addGroup([
      { ...z, target: x.exact },
      { cols: [], vals: [], target: 1 - x.exact },
    ]);
  }
  const verdictFit = fitListwise(vb.build(), { l2: o.l2Reader, unpenalised: [verdictFeatures.names.indexOf('verdict.bias')], maxIterations: o.maxIterations });
  const natural = oof.filter((x) => !x.outOfCorpus);
  // Forced to answer: how often the best candidate is right, and how often any candidate is.
  const asked = natural.filter((x) => x.answerable);
  const mean = (f: (x: (typeof asked)[number]) => number) => (100 * asked.reduce((a, x) => a + f(x), 0)) / Math.max(1, asked.length);
  log(`out-of-fold forced answer over ${asked.length} answerable: EM ${mean((x) => x.exact).toFixed(1)} F1 ${mean((x) => x.f1).toFixed(1)}; a right candidate read for ${mean((x) => x.reachable).toFixed(1)}%`);
  const raw = natural.map((x) => {
    const z = verdictFeatures.evaluate(x.verdict);
    let s = 0;
    z.cols.forEach((c, k) => (s += verdictFit.w[c]! * z.vals[k]!));
    return sigmoid(s);
  });
  const calibration = fitIsotonic(raw, natural.map((x) => x.exact === 1), o.calibrationBlock);
  const scored = natural.map((x, i) => ({ ...x, p: raw[i]! }));
  const { threshold, f1: oofF1 } = bestThreshold(scored, calibration);

  // 4. The final answer scorer on every training question.
  const fit = fitListwise(rows.data, { l2: o.l2Reader, unpenalised, maxIterations: o.maxIterations, onIteration });
  const weights: WeightsFile = {
    version: 1,
    rerank: rerankWeights,
    reader: named([...candidateFeatures.names, ...noAnswerFeatures.names], fit.w),
    verdict: named(verdictFeatures.names, verdictFit.w),
    calibration: { at: calibration.at.map(round6), p: calibration.p.map(round6) },
    threshold: round6(threshold),
    training: {
      questions: questions.length,
      groups: groups.length,
      options: { l2Rerank: o.l2Rerank, l2Reader: o.l2Reader, folds: o.folds, calibrationBlock: o.calibrationBlock, depth: READER_DEPTH },
      outOfFold: { f1: round6(oofF1), questions: natural.length, outOfCorpus: oof.length - natural.length },
    },
    validation: {},
  };
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; out-of-fold F1 ${(100 * oofF1).toFixed(1)} at threshold ${threshold.toFixed(3)}`);
  return weights;
}

function readerRows(depsOf: (q: TrainingQuestion) => Deps, questions: readonly TrainingQuestion[], views: ReturnType<typeof understand>[], judge: Judge): ReaderRows {
  const dims = candidateFeatures.names.length + noAnswerFeatures.names.length;
  const offset = candidateFeatures.names.length;
  const b = new ListwiseBuilder(dims);
  const qIndex: number[] = [];
  const key: number[] = [];
  const exact: number[] = [];
  const f1: number[] = [];
  questions.forEach((q, i) => {
    const qv = views[i]!;
    const deps = depsOf(q);
    const hits = q.hidden ? retrieve(deps, qv, READER_DEPTH.retrieve + q.hidden.size).filter((h) => !q.hidden!.has(h.doc)).slice(0, READER_DEPTH.retrieve) : retrieve(deps, qv);
    const passages = hits.length ? rerank(deps, qv, hits) : [];
    const { views: pvs, candidates } = extract(deps, qv, passages.slice(0, READER_DEPTH.read));
    const x = featurise(qv, pvs, candidates, passages.length ? Math.exp(passages[0]!.logProb) : 0);
    const answerable = q.answers.length > 0 && !outOfCorpus(q);
    const keys = new Map<string, number>();
    const rows: SparseRow[] = candidates.map((c, k) => {
      const text = c.pv.ev.analysis.text.slice(c.c.start, c.c.end);
      const id = keys.get(c.key) ?? keys.size;
      keys.set(c.key, id);
      const j = answerable ? judge(q.answers, text) : { exact: 0, f1: 0 };
      key.push(id);
      exact.push(j.exact);
      f1.push(j.f1);
      return { ...x.candidates[k]!, target: j.exact };
    });
    rows.push({ cols: x.none.cols.map((c) => c + offset), vals: x.none.vals, target: answerable ? 0 : 1 });
    key.push(-1);
    exact.push(answerable ? 0 : 1);
    f1.push(answerable ? 0 : 1);
    b.addGroup(rows);
    qIndex.push(i);
  });
  return { data: b.build(), question: Int32Array.from(qIndex), key: Int32Array.from(key), exact: Float32Array.from(exact), f1: Float32Array.from(f1) };
}

/** The groups whose question passes `keep`, as a dataset of their own; `all` keeps groups without a positive too. */
function subset(rows: ReaderRows, keep: (question: number) => boolean, all = false): ReaderRows {
  const b = new ListwiseBuilder(rows.data.dims);
  const q: number[] = [];
  const key: number[] = [];
  const exact: number[] = [];
  const f1: number[] = [];
  const d = rows.data;
  for (let g = 0; g + 1 < d.groupPtr.length; g++) {
    if (!keep(rows.question[g]!)) continue;
    const list: SparseRow[] = [];
    for (let r = d.groupPtr[g]!; r < d.groupPtr[g + 1]!; r++) {
      list.push({ cols: Array.from(d.cols.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!)), vals: Array.from(d.vals.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!)), target: d.target[r]! });
      key.push(rows.key[r]!);
      exact.push(rows.exact[r]!);
      f1.push(rows.f1[r]!);
    }
    if (!all && !list.some((r) => r.target > 0)) {
      key.length -= list.length;
      exact.length -= list.length;
      f1.length -= list.length;
      continue;
    }
    b.addGroup(list);
    q.push(rows.question[g]!);
  }
  return { data: b.build(), question: Int32Array.from(q), key: Int32Array.from(key), exact: Float32Array.from(exact), f1: Float32Array.from(f1) };
}

interface Prediction {
  /** What the verdict model reads, and how right the winner was. */
  verdict: VerdictContext;
  exact: number;
  f1: number;
  answerable: boolean;
  /** Whether any candidate read was exactly right. */
  reachable: number;
}

/** For each group: the winning answer (copies summed, "no answer" competing), the verdict features, and how right it is. */
function predictions(rows: ReaderRows, w: Float64Array, questions: readonly TrainingQuestion[]): Prediction[] {
  const d = rows.data;
  const offset = candidateFeatures.names.length;
  const scores = rowScores(d, w);
  const sparse = (r: number, shift = 0) => ({ cols: Array.from(d.cols.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!), (c) => c - shift), vals: Array.from(d.vals.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!)) });
  const out: Prediction[] = [];
  for (let g = 0; g + 1 < d.groupPtr.length; g++) {
    const a = d.groupPtr[g]!;
    const b = d.groupPtr[g + 1]!;
    let max = -Infinity;
    for (let r = a; r < b; r++) max = Math.max(max, scores[r]!);
    let z = 0;
    let noneRow = -1;
    let noneMass = 0;
    const mass = new Map<number, { p: number; best: number; row: number }>();
    for (let r = a; r < b; r++) {
      const e = Math.exp(scores[r]! - max);
      z += e;
      if (rows.key[r]! < 0) {
        noneRow = r;
        noneMass = e;
        continue;
      }
      const m = mass.get(rows.key[r]!);
      if (!m) mass.set(rows.key[r]!, { p: e, best: scores[r]!, row: r });
      else {
        m.p += e;
        if (scores[r]! > m.best) {
          m.best = scores[r]!;
          m.row = r;
        }
      }
    }
    const { top, second } = topTwo(mass.values(), (m) => m.p);
    let reachable = 0;
    for (let r = a; r < b; r++) if (rows.key[r]! >= 0 && rows.exact[r]! === 1) reachable = 1;
    const q = questions[rows.question[g]!]!;
    const answerable = q.answers.length > 0 && !outOfCorpus(q);
    const noAnswer = sparse(noneRow, offset);
    out.push(
      top
        ? { verdict: { best: top.p / z, second: second / z, none: noneMass / z, answer: sparse(top.row), noAnswer }, exact: rows.exact[top.row]!, f1: rows.f1[top.row]!, answerable, reachable }
        : { verdict: { best: 0, second: 0, none: 1, answer: { cols: [], vals: [] }, noAnswer }, exact: 0, f1: 0, answerable, reachable },
    );
  }
  return out;
}

/** The confidence threshold that maximises mean F1, abstaining (right only on unanswerable questions) below it. */
export function bestThreshold(preds: ReadonlyArray<{ p: number; exact: number; f1: number; answerable: boolean }>, calibration: Isotonic): { threshold: number; f1: number } {
  const conf = preds.map((x) => applyIsotonic(calibration, x.p));
  const candidates = [...new Set(conf)].sort((a, b) => a - b);
  let best = { threshold: 0.5, f1: -1 };
  for (const t of [...candidates, 1.01]) {
    let sum = 0;
    preds.forEach((x, i) => (sum += conf[i]! >= t ? x.f1 : x.answerable ? 0 : 1));
    const f1 = sum / Math.max(1, preds.length);
    if (f1 > best.f1 + 1e-12) best = { threshold: t, f1 };
  }
  return best;
}

function named(names: readonly string[], w: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    if (w[i] !== 0) out[n] = round6(w[i]!);
  });
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
