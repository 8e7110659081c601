/**
 * Fits the reader from questions with known answers, in the order the reader runs:
 * 1. the passage re-ranker (a softmax over BM25's top hits, right when it picks the paragraph
 *    holding the answer);
 * 2. two models for two questions: which span (a softmax over the candidates, fitted on
 *    answerable questions only) and does the corpus hold an answer at all (a logistic model on
 *    coverage, fitted on answerable questions against questions asked where their article is
 *    absent and, as a minority, SQuAD 2.0's near misses);
 * 3. the verdict and its calibration, P(the answer is exactly right), fitted on answers the two
 *    models gave for articles they were not trained on (k-fold by article), weighted to the use
 *    mixture (src/learn/use-mixture.ts);
 * 4. the two thresholds, by stated rules on those same answers.
 * Predictions reuse the reader's own softmax and answer-mass code. Deterministic throughout.
 */
import type { Corpus } from '../corpus/types.js';
import { compileReader, createReaderDeps } from '../answer/reader.js';
import { candidateFeatures } from '../answer/features/candidate.js';
import { holdsFeatures } from '../answer/features/holds.js';
import { passageFeatures } from '../answer/features/passage.js';
import { verdictFeatures, type VerdictContext } from '../answer/features/verdict.js';
import { applyIsotonic, WEIGHTS_VERSION, type Isotonic, type Thresholds, type WeightsFile } from '../answer/model.js';
import { massByKey, sigmoid, softmax } from '../answer/softmax.js';
import { answerGroups } from '../answer/answer-groups.js';
import type { Sparse } from '../answer/features/registry.js';
import { extract, featurise, rerank, retrieve, understand, verdictOf, READER_DEPTH } from '../answer/pipeline.js';
import { fitIsotonic } from './calibration.js';
import { ListwiseBuilder, fitListwise, rowScores, type ListwiseData, type SparseRow } from './listwise.js';
import { USE_MIXTURE } from './use-mixture.js';

export interface TrainingQuestion {
  id: string;
  question: string;
  /** Gold answers; empty when the corpus cannot answer. */
  answers: readonly string[];
  /** Index of the passage holding the answer (in the corpus it is asked of), if answerable. */
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
   * small one, as a user's own folder is. Another article than its own (`group`) is a corpus that
   * lacks the answer, where the question's words are often unknown, which a big corpus never
   * shows; its own article alone holds the answer, so that a small corpus is not itself taken as
   * a sign that nothing can be answered, or (a near miss) only almost.
   */
  corpus?: string;
  /**
   * How many questions this one stands for (default 1): a question written by people about a
   * community's or a news folder is rarer here than SQuAD's, and worth more, since it is asked
   * as users ask.
   */
  weight?: number;
  /** Where the question comes from (default "squad"), for the out-of-fold figures per source. */
  source?: string;
}

/** Whether the question is asked where its answer is not: its article hidden, or a corpus without it. */
const outOfCorpus = (q: TrainingQuestion) => q.hidden !== undefined || (q.corpus !== undefined && q.corpus !== q.group);

/** The part of the use mixture a question stands for. */
export type MixtureGroup = keyof typeof USE_MIXTURE;
export const mixtureGroup = (q: TrainingQuestion): MixtureGroup => (outOfCorpus(q) ? 'outOfCorpus' : q.answers.length ? 'answerable' : 'nearMiss');

/** How right a predicted text is against gold answers (exact match and token F1, 0..1). */
export type Judge = (gold: readonly string[], prediction: string) => { exact: number; f1: number };

export const TRAIN_DEFAULTS = {
  /** L2 penalty of the re-ranker, the span model, the holds model and the verdict. */
  l2Rerank: 1e-3,
  l2Reader: 1e-3,
  l2Holds: 1e-3,
  /** Folds for the out-of-fold answers the verdict, calibration and thresholds are fitted on. */
  folds: 4,
  /** Smallest isotonic block: thinner steps are noise. */
  calibrationBlock: 25,
  maxIterations: 100,
  /**
   * The "not sure" floor: the lowest holds probability at which at most this share of the
   * questions the corpus can't answer (out of corpus and near misses, weighted as in the use
   * mixture) would be offered a suggestion. A suggestion for a question the folder knows nothing
   * of is noise.
   */
  suggestMaxUnanswerable: 0.1,
  /**
   * The share of out-of-corpus questions the thresholds must refuse, out of fold, among those asked
   * of the whole training corpus and among those asked of a single article alike: a question about
   * something the folder lacks should get "not found", not a guess. Mixture F1 alone trades them
   * for answerable questions at the mixture's 80 / 15 weights and left about 1 in 8 answered; the
   * thresholds now maximise mixture F1 among those that refuse at least this share. The bound holds
   * for each corpus size apart, since a single article turns most such questions away on its own
   * and would hide the large corpus's misses. 0: no bound.
   */
  minOutOfCorpusRefused: 0.9,
  /**
   * A question whose candidates hold no exact answer teaches the span model nothing; with this
   * below 1, its candidates of at least this F1 against a gold answer count as right instead
   * ("the Lindqvist Building" for "Lindqvist Building"). 1: exact answers only. Out-of-fold
   * mixture F1 at 1 / 0.7 / 0.5 / 0.3: 51.13 / 51.21 / 51.19 / 51.23, so 0.3 is the default.
   */
  partialCredit: 0.3,
};
export type TrainOptions = Partial<typeof TRAIN_DEFAULTS> & {
  log?: (line: string) => void;
  /** Other corpora questions may be asked of (TrainingQuestion.corpus), by name. */
  corpora?: ReadonlyMap<string, Corpus>;
  /** The mix of questions the models are weighted to (default USE_MIXTURE). */
  mixture?: Readonly<Record<MixtureGroup, number>>;
};
type Deps = ReturnType<typeof createReaderDeps>;

const EMPTY: WeightsFile = {
  version: WEIGHTS_VERSION,
  rerank: {},
  reader: {},
  holds: {},
  verdict: {},
  calibration: { at: [0], p: [0] },
  thresholds: { holds: 0.5, confidence: 0, suggest: 0.5 },
  settings: { depth: READER_DEPTH },
  training: {},
  validation: {},
};

interface ReaderRows {
  /** One group per question: its candidates. */
  data: ListwiseData;
  /** Per group: the question's index. */
  question: Int32Array;
  /** Per row: an answer-group id (answerGroups) within its question, and its exact/F1 score. */
  key: Int32Array;
  exact: Float32Array;
  f1: Float32Array;
  /** Per question: the holds model's features. */
  holds: Sparse[];
}

export function trainReader(corpus: Corpus, questions: readonly TrainingQuestion[], judge: Judge, options: TrainOptions = {}): WeightsFile {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const secs = () => ((performance.now() - started) / 1000) | 0;

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
    const d = depsOf(q);
    const hits = retrieve(d, views[i]!);
    if (hits.some((h) => h.doc === q.passage)) reachable++;
    const ranked = rerank(d, views[i]!, hits);
    rr.addGroup(ranked.map((p) => ({ ...p.features, target: p.doc === q.passage ? 1 : 0 })), q.weight ?? 1);
  });
  const rerankFit = fitListwise(rr.build(), { l2: o.l2Rerank, maxIterations: o.maxIterations });
  const rerankWeights = named(passageFeatures.names, rerankFit.w);
  log(`re-ranker: ${rr.groups} questions, gold passage in top ${READER_DEPTH.retrieve} for ${reachable}; ${rerankFit.iterations} iterations`);

  // 2. Candidates and coverage, read with the trained re-ranker.
  const reranking = compileReader({ ...EMPTY, rerank: rerankWeights });
  deps = { ...deps, model: reranking };
  others = new Map([...others].map(([name, d]) => [name, { ...d, model: reranking }]));
  const rows = readerRows(depsOf, questions, views, judge, o.partialCredit);
  const group = questions.map(mixtureGroup);
  const alone = questions.map((q) => q.corpus !== undefined);
  // Each question stands for its group's share of use, whatever the group's size here.
  const counts = new Map<MixtureGroup, number>();
  const weightIn = new Map<MixtureGroup, number>();
  const weightOf = (qi: number) => questions[qi]!.weight ?? 1;
  group.forEach((g, qi) => {
    counts.set(g, (counts.get(g) ?? 0) + 1);
    weightIn.set(g, (weightIn.get(g) ?? 0) + weightOf(qi));
  });
  const mixture = options.mixture ?? USE_MIXTURE;
  const mixWeight = group.map((g, qi) => (mixture[g] * questions.length * weightOf(qi)) / weightIn.get(g)!);
  const source = questions.map((q) => q.source ?? 'squad');
  log(`reader: ${rows.data.groupPtr.length - 1} questions (${[...counts].map(([g, n]) => `${n} ${g}`).join(', ')}), ${rows.data.target.length} candidate rows (${secs()} s)`);
  const onIteration = (i: number, loss: number) => i % 50 === 0 && log(`  iteration ${i}: loss ${loss.toFixed(5)} (${secs()} s)`);
  const fitSpans = (keep: (qi: number) => boolean) => fitListwise(subset(rows, (qi) => keep(qi) && group[qi] === 'answerable').data, { l2: o.l2Reader, maxIterations: o.maxIterations, onIteration });
  const fitHolds = (keep: (qi: number) => boolean) =>
    fitBinary(
      questions.flatMap((_, qi) => (keep(qi) ? [{ x: rows.holds[qi]!, y: group[qi] === 'answerable' ? 1 : 0, w: mixWeight[qi]! }] : [])),
      holdsFeatures.names.length,
      { l2: o.l2Holds, unpenalised: [holdsFeatures.names.indexOf('holds.bias')], maxIterations: o.maxIterations },
    );

  // 3. Out-of-fold answers: the verdict, calibration and thresholds learn from answers made by models that never saw the article.
  const groups = [...new Set(questions.map((q) => q.group))];
  const foldOf = new Map(groups.map((g, k) => [g, k % o.folds]));
  const oof: Prediction[] = [];
  for (let f = 0; f < o.folds; f++) {
    const inFold = (qi: number) => foldOf.get(questions[qi]!.group) === f;
    const spans = fitSpans((qi) => !inFold(qi));
    const holds = fitHolds((qi) => !inFold(qi));
    oof.push(...predictions(rows, spans.w, holds.w, inFold, group, mixWeight, alone, source));
    log(`fold ${f + 1}/${o.folds}: span model ${spans.iterations} iterations, holds model ${holds.iterations} (${secs()} s)`);
  }
  const vb = oof.map((x) => ({ x: verdictFeatures.evaluate(x.verdict), y: x.exact, w: x.weight }));
  const verdictFit = fitBinary(vb, verdictFeatures.names.length, { l2: o.l2Reader, unpenalised: [verdictFeatures.names.indexOf('verdict.bias')], maxIterations: o.maxIterations });
  const raw = vb.map(({ x }) => sigmoid(dot(verdictFit.w, x)));
  const calibration = fitIsotonic(raw, oof.map((x) => x.exact === 1), o.calibrationBlock, oof.map((x) => x.weight));
  const decidedOof = oof.map((x, i) => ({ ...x, holds: x.verdict.holds, confidence: applyIsotonic(calibration, raw[i]!) }));
  const thresholds = chooseThresholds(decidedOof, o.suggestMaxUnanswerable, o.minOutOfCorpusRefused);
  const answered = (x: (typeof decidedOof)[number]) => verdictOf(x.holds, x.confidence, thresholds) === 'answer';
  const refused = (g: MixtureGroup, alone?: boolean) => {
    const of = decidedOof.filter((x) => x.group === g && (alone === undefined || x.alone === alone));
    const no = of.filter((x) => !answered(x));
    return ((100 * no.reduce((a, x) => a + x.weight, 0)) / Math.max(1e-12, of.reduce((a, x) => a + x.weight, 0))).toFixed(1);
  };
  const asked = oof.filter((x) => x.group === 'answerable');
  const mean = (f: (x: Prediction) => number) => (100 * asked.reduce((a, x) => a + f(x), 0)) / Math.max(1, asked.length);
  log(`out-of-fold forced answer over ${asked.length} answerable: EM ${mean((x) => x.exact).toFixed(1)} F1 ${mean((x) => x.f1).toFixed(1)}; a right candidate read for ${mean((x) => x.reachable).toFixed(1)}%`);
  log(`thresholds on the use mixture: an answer needs P(holds) ≥ ${thresholds.holds.toFixed(3)} and confidence ≥ ${thresholds.confidence.toFixed(3)} (mixture F1 ${(100 * thresholds.mixtureF1).toFixed(1)}); "not sure" from P(holds) ${thresholds.suggest.toFixed(3)}`);
  const bySource: Record<string, { answerable: number; forcedF1: number; answeredRightF1: number; unanswerableRefused: number; mixtureF1: number }> = {};
  for (const name of new Set(source)) {
    const of = decidedOof.filter((x) => x.source === name);
    const answerable = of.filter((x) => x.group === 'answerable');
    const none = of.filter((x) => x.group !== 'answerable');
    const total = of.reduce((a, x) => a + x.weight, 0) || 1;
    const mix = of.reduce((a, x) => a + x.weight * (x.group === 'answerable' ? (answered(x) ? x.f1 : 0) : answered(x) ? 0 : 1), 0) / total;
    bySource[name] = {
      answerable: answerable.length,
      forcedF1: round6(answerable.reduce((a, x) => a + x.f1, 0) / Math.max(1, answerable.length)),
      answeredRightF1: round6(answerable.reduce((a, x) => a + (answered(x) ? x.f1 : 0), 0) / Math.max(1, answerable.length)),
      unanswerableRefused: round6(none.filter((x) => !answered(x)).length / Math.max(1, none.length)),
      mixtureF1: round6(mix),
    };
    log(`out of fold, ${name}: ${answerable.length} answerable, forced F1 ${(100 * bySource[name]!.forcedF1).toFixed(1)}, F1 at the thresholds ${(100 * bySource[name]!.answeredRightF1).toFixed(1)}; ${none.length} unanswerable, refused ${(100 * bySource[name]!.unanswerableRefused).toFixed(1)}%; mixture F1 ${(100 * mix).toFixed(2)}`);
  }
  log(`out of fold at those thresholds, refused: answerable ${refused('answerable')}%, out of corpus ${refused('outOfCorpus', false)}% asked of the whole corpus and ${refused('outOfCorpus', true)}% of one article (at least ${(100 * o.minOutOfCorpusRefused).toFixed(0)}% asked), near misses ${refused('nearMiss')}%`);

  // 4. The final models on every training question.
  const spans = fitSpans(() => true);
  const holds = fitHolds(() => true);
  const weights: WeightsFile = {
    version: WEIGHTS_VERSION,
    rerank: rerankWeights,
    reader: named(candidateFeatures.names, spans.w),
    holds: named(holdsFeatures.names, holds.w),
    verdict: named(verdictFeatures.names, verdictFit.w),
    calibration: { at: calibration.at.map(round6), p: calibration.p.map(round6) },
    thresholds: { holds: round6(thresholds.holds), confidence: round6(thresholds.confidence), suggest: round6(thresholds.suggest) },
    settings: { depth: { ...READER_DEPTH } },
    training: {
      questions: questions.length,
      groups: groups.length,
      mixture,
      options: { l2Rerank: o.l2Rerank, l2Reader: o.l2Reader, l2Holds: o.l2Holds, folds: o.folds, calibrationBlock: o.calibrationBlock, suggestMaxUnanswerable: o.suggestMaxUnanswerable },
      outOfFold: {
        mixtureF1: round6(thresholds.mixtureF1),
        answerableF1: round6(asked.reduce((a, x) => a + x.f1, 0) / Math.max(1, asked.length)),
        questions: oof.length,
        answerable: counts.get('answerable') ?? 0,
        outOfCorpus: counts.get('outOfCorpus') ?? 0,
        nearMiss: counts.get('nearMiss') ?? 0,
        ...(Object.keys(bySource).length > 1 ? { bySource } : {}),
      },
    },
    validation: {},
  };
  log(`done in ${secs()} s`);
  return weights;
}

function readerRows(depsOf: (q: TrainingQuestion) => Deps, questions: readonly TrainingQuestion[], views: ReturnType<typeof understand>[], judge: Judge, partialCredit: number): ReaderRows {
  const b = new ListwiseBuilder(candidateFeatures.names.length);
  const qIndex: number[] = [];
  const key: number[] = [];
  const exact: number[] = [];
  const f1: number[] = [];
  const holds: Sparse[] = [];
  questions.forEach((q, i) => {
    const qv = views[i]!;
    const deps = depsOf(q);
    const hits = q.hidden ? retrieve(deps, qv, READER_DEPTH.retrieve + q.hidden.size).filter((h) => !q.hidden!.has(h.doc)).slice(0, READER_DEPTH.retrieve) : retrieve(deps, qv);
    const passages = hits.length ? rerank(deps, qv, hits) : [];
    const { views: pvs, candidates } = extract(deps, qv, passages.slice(0, READER_DEPTH.read));
    const x = featurise(qv, pvs, candidates, passages);
    const answerable = q.answers.length > 0 && !outOfCorpus(q);
    const keys = new Map<string, number>();
    const texts = candidates.map((c) => c.pv.ev.analysis.text.slice(c.c.start, c.c.end));
    const groups = answerGroups(candidates.map((c, k) => ({ key: c.key, surface: texts[k]! })));
    const rows: SparseRow[] = candidates.map((c, k) => {
      const text = texts[k]!;
      const id = keys.get(groups[k]!) ?? keys.size;
      keys.set(groups[k]!, id);
      const j = answerable ? judge(q.answers, text) : { exact: 0, f1: 0 };
      key.push(id);
      exact.push(j.exact);
      f1.push(j.f1);
      return { ...x.candidates[k]!, target: j.exact };
    });
    if (partialCredit < 1 && !rows.some((r) => r.target)) {
      const from = f1.length - rows.length;
      rows.forEach((r, k) => (r.target = f1[from + k]! >= partialCredit ? 1 : 0));
    }
    b.addGroup(rows, q.weight ?? 1);
    qIndex.push(i);
    holds.push(x.holds);
  });
  return { data: b.build(), question: Int32Array.from(qIndex), key: Int32Array.from(key), exact: Float32Array.from(exact), f1: Float32Array.from(f1), holds };
}

/** The groups whose question passes `keep`, as a dataset of their own (groups without a right row are dropped: they teach a softmax nothing). */
function subset(rows: ReaderRows, keep: (question: number) => boolean): ReaderRows {
  const b = new ListwiseBuilder(rows.data.dims);
  const q: number[] = [];
  const d = rows.data;
  for (let g = 0; g + 1 < d.groupPtr.length; g++) {
    if (!keep(rows.question[g]!)) continue;
    const list: SparseRow[] = [];
    for (let r = d.groupPtr[g]!; r < d.groupPtr[g + 1]!; r++) list.push({ ...rowOf(d, r), target: d.target[r]! });
    if (!list.some((r) => r.target > 0)) continue;
    b.addGroup(list, d.weight?.[g] ?? 1);
    q.push(rows.question[g]!);
  }
  return { data: b.build(), question: Int32Array.from(q), key: rows.key, exact: rows.exact, f1: rows.f1, holds: rows.holds };
}

const rowOf = (d: ListwiseData, r: number): Sparse => ({ cols: Array.from(d.cols.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!)), vals: Array.from(d.vals.subarray(d.rowPtr[r]!, d.rowPtr[r + 1]!)) });

function dot(w: Float64Array, x: Sparse): number {
  let s = 0;
  x.cols.forEach((c, k) => (s += w[c]! * x.vals[k]!));
  return s;
}

/** A weighted logistic regression, as a two-row softmax per example (the example's features against nothing). */
function fitBinary(examples: ReadonlyArray<{ x: Sparse; y: number; w: number }>, dims: number, options: { l2: number; unpenalised: number[]; maxIterations: number }) {
  const b = new ListwiseBuilder(dims);
  for (const e of examples)
    b.addGroup(
      [
        { ...e.x, target: e.y },
        { cols: [], vals: [], target: 1 - e.y },
      ],
      e.w,
    );
  return fitListwise(b.build(), options);
}

interface Prediction {
  /** What the verdict model reads, and how right the winner was. */
  verdict: VerdictContext;
  exact: number;
  f1: number;
  group: MixtureGroup;
  /** How much the question counts in the use mixture. */
  weight: number;
  /** Whether any candidate read was exactly right. */
  reachable: number;
  /** Asked of a single article (a small folder) rather than of the whole training corpus. */
  alone: boolean;
  source: string;
}

/** For each question in `keep`: the winning answer (copies summed), the holds model's probability, the verdict features, and how right it is. */
function predictions(rows: ReaderRows, spanW: Float64Array, holdsW: Float64Array, keep: (qi: number) => boolean, group: readonly MixtureGroup[], weight: readonly number[], alone: readonly boolean[], source: readonly string[]): Prediction[] {
  const d = rows.data;
  const scores = rowScores(d, spanW);
  const out: Prediction[] = [];
  for (let g = 0; g + 1 < d.groupPtr.length; g++) {
    const qi = rows.question[g]!;
    if (!keep(qi)) continue;
    const a = d.groupPtr[g]!;
    const b = d.groupPtr[g + 1]!;
    const p = softmax(scores, a, b);
    const { best, second } = massByKey(scores, p, (r) => rows.key[r]!, a, b);
    let reachable = 0;
    for (let r = a; r < b; r++) if (rows.exact[r]! === 1) reachable = 1;
    const holdsFeatures = rows.holds[qi]!;
    const holds = sigmoid(dot(holdsW, holdsFeatures));
    const base = { group: group[qi]!, weight: weight[qi]!, reachable, alone: alone[qi]!, source: source[qi]! };
    out.push(
      best
        ? { ...base, verdict: { best: best.probability, second, holds, answer: rowOf(d, best.row), holdsFeatures }, exact: rows.exact[best.row]!, f1: rows.f1[best.row]! }
        : { ...base, verdict: { best: 0, second: 0, holds, answer: { cols: [], vals: [] }, holdsFeatures }, exact: 0, f1: 0 },
    );
  }
  return out;
}

/**
 * The two answer thresholds maximise mean F1 over the use mixture, jointly: an answer earns its
 * F1 on an answerable question and 0 elsewhere; no answer earns 1 where there is none to give
 * and 0 where there is (SQuAD 2.0's measure, on the mix of questions users ask). Ties go to the
 * lower thresholds. Only pairs that refuse at least `minOutOfCorpusRefused` of the out-of-corpus
 * weight count, of the questions asked of a whole corpus and of those asked of one article alone
 * (`alone`) each. The "not sure" floor is the lowest holds probability at which at most
 * `maxUnanswerable` of the unanswerable weight would get a suggestion (never above the holds
 * threshold).
 */
export function chooseThresholds(
  preds: ReadonlyArray<{ holds: number; confidence: number; f1: number; group: MixtureGroup; weight: number; alone?: boolean }>,
  maxUnanswerable: number,
  minOutOfCorpusRefused = 0,
): Thresholds & { mixtureF1: number } {
  const total = preds.reduce((a, x) => a + x.weight, 0) || 1;
  // Refusing everything earns the unanswerable weight; each answer given changes that by its gain.
  const base = preds.reduce((a, x) => a + (x.group === 'answerable' ? 0 : x.weight), 0);
  const gain = (x: (typeof preds)[number]) => x.weight * (x.group === 'answerable' ? x.f1 : -1);
  // Per corpus size (0: the whole corpus, 1: an article alone), the out-of-corpus weight that may be answered.
  const outside = [0, 0];
  for (const x of preds) if (x.group === 'outOfCorpus') outside[x.alone ? 1 : 0]! += x.weight;
  const mayAnswer = outside.map((w) => (1 - minOutOfCorpusRefused) * w + 1e-12);
  const byHolds = [...preds].sort((a, b) => b.holds - a.holds);
  let best = { holds: 1.01, confidence: 0, f1: base / total };
  for (const c of [0, ...new Set(preds.map((x) => x.confidence))].sort((a, b) => a - b)) {
    // Lowering the holds threshold past each prediction adds its gain, if its confidence passes c.
    let sum = base;
    const answeredOutside = [0, 0];
    for (let i = 0; i < byHolds.length; i++) {
      const x = byHolds[i]!;
      if (x.confidence >= c) {
        sum += gain(x);
        if (x.group === 'outOfCorpus') answeredOutside[x.alone ? 1 : 0]! += x.weight;
      }
      if (i + 1 < byHolds.length && byHolds[i + 1]!.holds === x.holds) continue;
      if (answeredOutside[0]! > mayAnswer[0]! || answeredOutside[1]! > mayAnswer[1]!) break;
      if (sum / total > best.f1 + 1e-12) best = { holds: x.holds, confidence: c, f1: sum / total };
    }
  }
  const unanswerable = byHolds.filter((x) => x.group !== 'answerable');
  const uTotal = unanswerable.reduce((a, x) => a + x.weight, 0) || 1;
  let suggest = best.holds;
  let through = 0;
  for (const x of unanswerable) {
    through += x.weight / uTotal;
    if (through > maxUnanswerable) break;
    if (x.holds < suggest) suggest = x.holds;
  }
  return { holds: best.holds, confidence: best.confidence, suggest, mixtureF1: best.f1 };
}

function named(names: readonly string[], w: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    if (w[i] !== 0) out[n] = round6(w[i]!);
  });
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
