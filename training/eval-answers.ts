/**
 * Answers as users meet them, side by side, in one process: F1 on answerable questions at the
 * operating threshold with the share refused, refusals of questions whose article is not in the
 * corpus, near misses (SQuAD 2.0's unanswerables), terse Discord-style variants, calibration on a
 * stated mixture that looks like use, and the question sets over small corpora (the public set,
 * the team's dev set, the blind sets), each scored by tests/fixtures/score.mjs.
 *
 *   npm run eval:answers [-- --only squad|sets --threshold T --weights FILE --json OUT]
 *
 * Overall F1 on SQuAD 2.0 rewards refusing (an abstention on an unanswerable question scores
 * 100), so it is not reported here; see the README's Evaluation section for why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../src/engine.js';
import { TRAINED_WEIGHTS } from '../src/answer/reader.js';
import type { WeightsFile } from '../src/answer/model.js';
import type { Answer } from '../src/answer/types.js';
import { loadCorpus } from '../src/corpus/load.js';
import { reliability } from '../src/learn/calibration.js';
import { aggregate, scoreQuestion } from '../src/learn/squad-metrics.js';
import { articlesIn, DEFAULT_SQUAD, loadSquad, ROOT, squadCorpus } from '../src/learn/squad-corpus.js';
import { USE_MIXTURE, paraphraseVariant, terseVariant } from '../src/learn/use-mixture.js';
import { decided, FORCED, type Decided } from '../src/learn/decided.js';
import { askText } from '../src/learn/ask-text.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'string' },
    file: { type: 'string' },
    weights: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run eval:answers -- [--only squad|sets] [--threshold T] [--weights WEIGHTS_JSON] [--json OUT] [--file SQUAD_V2_JSON]');
  process.exit(0);
}
/** The confidence an answer needs, over the trained one (the holds gate stays the trained one). */
const threshold = args.threshold === undefined ? undefined : Number(args.threshold);
/** Weights other than the committed ones: a training run's output, compared before it is committed. */
const weights: WeightsFile = args.weights ? (JSON.parse(readFileSync(resolve(process.cwd(), args.weights), 'utf8')) as WeightsFile) : TRAINED_WEIGHTS;
/** Calibration is checked on the mixture the weights were fitted to. */
const mixture = (weights.training.mixture as typeof USE_MIXTURE | undefined) ?? USE_MIXTURE;

/** The question sets over small corpora: file, corpus folder, and whether anything was tuned on it. */
const SETS = [
  { name: 'public', file: 'tests/fixtures/questions.jsonl', corpus: 'corpus', note: 'visible: a floor' },
  { name: 'team dev', file: 'training/dev-questions.jsonl', corpus: 'corpus', note: 'tuned on' },
  { name: 'blind shipped corpus', file: 'training/blind/seed-questions.jsonl', corpus: 'corpus', note: 'blind' },
  { name: 'blind Wikipedia', file: 'training/blind/wiki-questions.jsonl', corpus: 'training/blind/wiki', note: 'blind' },
  { name: 'blind guild handbook', file: 'training/blind/community/guild-handbook.questions.jsonl', corpus: 'training/blind/community/guild-handbook', note: 'blind' },
  { name: 'blind project docs', file: 'training/blind/community/project-docs.questions.jsonl', corpus: 'training/blind/community/project-docs', note: 'blind' },
  { name: 'blind club pack', file: 'training/blind/community/club-pack.questions.jsonl', corpus: 'training/blind/community/club-pack', note: 'blind' },
  { name: 'dev community: mc server', file: 'training/dev-community/craft-server.questions.jsonl', corpus: 'training/dev-community/craft-server', note: 'tuned on' },
  { name: 'dev community: hackathon', file: 'training/dev-community/hackathon-pack.questions.jsonl', corpus: 'training/dev-community/hackathon-pack', note: 'tuned on' },
  { name: 'dev community: makerspace', file: 'training/dev-community/makerspace.questions.jsonl', corpus: 'training/dev-community/makerspace', note: 'tuned on' },
];

interface SetQuestion {
  id: string;
  type: string;
  q: string;
  answers: unknown[];
}

const pct = (x: number) => (100 * x).toFixed(1);
const out: Record<string, unknown> = {};

/** Scores answer lines with the project's scorer, so these figures are the ones `npm run eval:public` prints. */
function scoreLines(questionsFile: string, answers: readonly Answer[]): { answer: number; cite: number; abstain: number } {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-eval-'));
  try {
    const file = join(dir, 'answers.jsonl');
    writeFileSync(file, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'tests/fixtures/score.mjs'), questionsFile, '--answers', file], { encoding: 'utf8' });
    const m = /answer ([\d.]+) cite ([\d.]+) abstain ([\d.]+)/.exec(r.stdout);
    if (!m) throw new Error(`scorer printed no summary: ${r.stdout}${r.stderr}`);
    return { answer: Number(m[1]), cite: Number(m[2]), abstain: Number(m[3]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An answer of the wrong kind: a when/how-much answer with no number or time word; a who/where answer that is only a date or a number. */
export function wrongKind(type: string, answer: string): boolean {
  const hasNumber = /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|once|twice)s?\b/i.test(answer);
  const timeWord = /\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|century|decade|year|month|week|day|morning|evening|night|noon|midnight|spring|summer|autumn|fall|winter|ago|weekly|daily|monthly|annually)s?\b/i.test(answer);
  if (type === 'when') return !hasNumber && !timeWord;
  if (type === 'how_much') return !hasNumber;
  if (type === 'who' || type === 'where') return /^[\s\d.,:%$€£/-]+$/.test(answer) || (timeWord && hasNumber && !/[A-Z][a-z]+\s+[A-Z]/.test(answer.replace(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g, '')));
  return false;
}

async function evalSets(): Promise<void> {
  console.log('Question sets over small corpora (scorer: tests/fixtures/score.mjs): answer = right answer given, cite = right passage first, abstain = no answer where the corpus has none');
  console.log(`${'set'.padEnd(25)} ${'n'.padStart(4)} │ ${'answer'.padStart(6)} ${'cite'.padStart(6)} ${'abstain'.padStart(7)} ${'refused'.padStart(7)} │ forced: ${'answer'.padStart(6)} ${'cite'.padStart(6)} │ wrong kind`);
  const engines = new Map<string, { given: Engine; forced: Engine }>();
  const rows: Record<string, unknown> = {};
  for (const set of SETS) {
    const file = resolve(ROOT, set.file);
    if (!existsSync(file)) continue;
    let engine = engines.get(set.corpus);
    if (!engine) {
      const corpus = await loadCorpus(resolve(ROOT, set.corpus));
      engines.set(set.corpus, (engine = { given: createEngine(corpus, { weights, threshold }), forced: createEngine(corpus, { weights, thresholds: FORCED }) }));
    }
    const qs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SetQuestion);
    const raw = qs.map((q) => askText(engine!.forced, q.q));
    const given = qs.map((q) => askText(engine!.given, q.q));
    const at = scoreLines(file, given);
    const forced = scoreLines(file, raw);
    const answerable = qs.map((q, i) => [q, given[i]!] as const).filter(([q]) => q.type !== 'none');
    const refused = answerable.filter(([, a]) => a.answer === null).length / Math.max(1, answerable.length);
    const kinds = answerable.filter(([q, a]) => ['when', 'how_much', 'who', 'where'].includes(q.type) && a.answer !== null);
    const wrong = kinds.filter(([q, a]) => wrongKind(q.type, a.answer!));
    console.log(
      `${set.name.padEnd(25)} ${String(qs.length).padStart(4)} │ ${at.answer.toFixed(3).padStart(6)} ${at.cite.toFixed(3).padStart(6)} ${at.abstain.toFixed(3).padStart(7)} ${pct(refused).padStart(6)}% │         ${forced.answer.toFixed(3).padStart(6)} ${forced.cite.toFixed(3).padStart(6)} │ ${wrong.length}/${kinds.length}${wrong.length ? ' ' + wrong.map(([q, a]) => `${q.id}:${JSON.stringify(a.answer)}`).join(' ') : ''}`,
    );
    rows[set.name] = { ...at, refused, forced, wrongKind: wrong.length, kinds: kinds.length, note: set.note };
  }
  out.sets = rows;
}

async function evalSquad(): Promise<void> {
  let loaded;
  try {
    loaded = loadSquad(args.file ? resolve(process.cwd(), args.file) : DEFAULT_SQUAD);
  } catch (e) {
    console.error(`skipping the SQuAD part: ${(e as Error).message}`);
    return;
  }
  const { data } = loaded;
  const validation = new Set(articlesIn(data, 'validation'));
  const all = data.articles.map((_, i) => i);
  const { corpus, gold } = squadCorpus(data.articles, all);
  const whole = createEngine(corpus, { thresholds: FORCED, weights });
  // Out of corpus: the same questions asked of a corpus without their article, as users ask a
  // folder about something it lacks. The training articles are that corpus, so nothing here was trained on.
  const others = createEngine(squadCorpus(data.articles, all.filter((a) => !validation.has(a))).corpus, { thresholds: FORCED, weights });
  const t = { ...weights.thresholds, ...(threshold !== undefined ? { confidence: threshold } : {}) };
  const qs = data.questions.filter((q) => validation.has(q.articleIndex));
  const answerable = qs.filter((q) => !q.isImpossible);
  const nearMiss = qs.filter((q) => q.isImpossible);

  type Asked = { q: (typeof qs)[number]; d: Decided };
  const judge = ({ q, d }: Asked, forced: boolean) => scoreQuestion(q.answers, forced ? d.forced.answer : d.given);
  const ask = (e: Engine, q: (typeof qs)[number], text = q.question): Asked => ({ q, d: decided(e, text, t) });
  const started = performance.now();
  const A = answerable.map((q) => ask(whole, q));
  const T = answerable.map((q) => ask(whole, q, terseVariant(q.question)));
  const P = answerable.map((q) => ask(whole, q, paraphraseVariant(q.question)));
  const O = answerable.map((q) => ask(others, q));
  const OP = answerable.map((q) => ask(others, q, paraphraseVariant(q.question)));
  const N = nearMiss.map((q) => ask(whole, q));
  const ms = (performance.now() - started) / (A.length + T.length + P.length + O.length + OP.length + N.length);

  const f1Of = (rows: Asked[], forced = false) => aggregate(rows.map((r) => judge(r, forced)));
  const refused = (rows: Asked[]) => rows.filter(({ d }) => d.given === null).length / Math.max(1, rows.length);
  const para1 = A.filter(({ q, d }) => d.forced.citations[0] && corpus.passages.findIndex((p) => p.id === d.forced.citations[0]!.id) === gold.get(`${q.articleIndex}:${q.paragraphIndex}`)).length / A.length;
  const at = f1Of(A);
  const forced = f1Of(A, true);
  const terse = f1Of(T);
  console.log(`SQuAD 2.0 dev, the ${validation.size} validation articles (never trained on); an answer needs P(holds) ≥ ${t.holds} and confidence ≥ ${t.confidence}; every question asked of all ${corpus.passages.length} passages (${ms.toFixed(1)} ms a question)`);
  console.log(`  answerable (${A.length}):             F1 ${at.f1.toFixed(1)}  EM ${at.exact.toFixed(1)}  refused ${pct(refused(A))}%   forced F1 ${forced.f1.toFixed(1)} EM ${forced.exact.toFixed(1)}   para@1 ${pct(para1)}`);
  console.log(`  terse variants (${T.length}):          F1 ${terse.f1.toFixed(1)}  EM ${terse.exact.toFixed(1)}  refused ${pct(refused(T))}%   forced F1 ${f1Of(T, true).f1.toFixed(1)}`);
  const reworded = f1Of(P);
  console.log(`  reworded (${P.length}, WordNet synonyms: flatters the reader, which expands with them): F1 ${reworded.f1.toFixed(1)}  EM ${reworded.exact.toFixed(1)}  refused ${pct(refused(P))}%   forced F1 ${f1Of(P, true).f1.toFixed(1)}`);
  console.log(`  out of corpus (${O.length}, asked of the 28 training articles): refused ${pct(refused(O))}%; reworded: refused ${pct(refused(OP))}%`);
  // A refusal is "not sure" (the likely span shown, marked as a guess) or "not found": how often each side gets the first.
  const notSure = (rows: Asked[]) => rows.filter(({ d }) => d.verdict === 'not sure');
  const rightGuess = notSure(A).filter((r) => judge(r, true).exact === 1).length;
  console.log(`  "not sure" instead of an answer: answerable ${pct(notSure(A).length / A.length)}% (the span shown exactly right for ${rightGuess}), out of corpus ${pct(notSure(O).length / O.length)}%, near misses ${pct(notSure(N).length / Math.max(1, N.length))}%`);
  console.log(`  near misses (${N.length}, SQuAD 2.0 unanswerable): refused ${pct(refused(N))}%`);

  // Calibration: confidence against "exactly right", where any answer to an out-of-corpus or
  // unanswerable question is wrong; the mixture weights each group as USE_MIXTURE says.
  const groups = [
    { name: 'answerable', rows: A, share: mixture.answerable, right: (r: Asked) => judge(r, true).exact === 1 },
    { name: 'out of corpus', rows: O, share: mixture.outOfCorpus, right: () => false },
    { name: 'near miss', rows: N, share: mixture.nearMiss, right: () => false },
  ];
  const conf: number[] = [];
  const right: boolean[] = [];
  const weight: number[] = [];
  for (const g of groups)
    for (const r of g.rows) {
      conf.push(r.d.forced.answer === null ? 0 : r.d.forced.confidence);
      right.push(g.right(r));
      weight.push(g.share / g.rows.length);
    }
  const mix = reliability(conf, right, 10, weight);
  const ans = reliability(A.map((r) => (r.d.forced.answer === null ? 0 : r.d.forced.confidence)), A.map((r) => judge(r, true).exact === 1));
  console.log(`  calibration (10 bins, vs EM): ECE on the use mixture (${mixture.answerable * 100}% answerable, ${mixture.outOfCorpus * 100}% out of corpus, ${mixture.nearMiss * 100}% near misses) ${mix.ece.toFixed(3)}; answerable alone ${ans.ece.toFixed(3)}`);
  console.log(`  ${'confidence'.padEnd(10)} │ mixture: ${'share'.padStart(6)} ${'conf'.padStart(6)} ${'right'.padStart(6)} │ answerable: ${'n'.padStart(5)} ${'conf'.padStart(6)} ${'right'.padStart(6)}`);
  mix.bins.forEach((b, k) => {
    const a = ans.bins[k]!;
    const f = (x: number, n: number) => (n ? x.toFixed(3).padStart(6) : '     -');
    console.log(`  ${`${b.from.toFixed(1)}–${b.to.toFixed(1)}`.padEnd(10)} │          ${(b.n * 100).toFixed(1).padStart(5)}% ${f(b.confidence, b.n)} ${f(b.accuracy, b.n)} │             ${String(a.n).padStart(5)} ${f(a.confidence, a.n)} ${f(a.accuracy, a.n)}`);
  });
  out.squad = {
    threshold: t,
    answerable: { n: A.length, f1: at.f1, exact: at.exact, refused: refused(A), forcedF1: forced.f1, forcedExact: forced.exact, para1 },
    terse: { f1: terse.f1, refused: refused(T) },
    reworded: { f1: reworded.f1, refused: refused(P), outOfCorpusRefused: refused(OP) },
    outOfCorpusRefused: refused(O),
    nearMissRefused: refused(N),
    ece: { mixture: mix.ece, answerable: ans.ece },
  };
}

if (args.only !== 'sets') await evalSquad();
if (args.only !== 'squad') await evalSets();
if (args.json) writeFileSync(args.json, JSON.stringify(out, null, 1) + '\n');
