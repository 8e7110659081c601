import type { Answer, AskOptions } from './answer/types.js';
import type { Corpus, Passage } from './corpus/types.js';
import { gateQuestion, rejectedAnswer, type Question } from './answer/input.js';
import type { Thresholds, WeightsFile } from './answer/model.js';
import { compileReader, createReaderDeps, READER_DEFAULTS, TRAINED_WEIGHTS } from './answer/reader.js';
import { cite, read, understand, type Trace } from './answer/pipeline.js';
import { explain } from './answer/explain.js';
import { formOf } from './answer/form.js';
import { tokenizeTerms } from './nlp/terms.js';
import type { CorpusIndex } from './index/corpus-index.js';
import type { QuestionView } from './answer/features/question-view.js';
import { Lru } from './lru.js';

/** The one object adapters talk to. Pure: no I/O, no globals, no Discord. */
export interface Engine {
  /** Answers a question that passed the gate (answer/input.ts); nothing is checked again. */
  ask(question: Question, options?: AskOptions): Answer;
  /** The corpus's capitals for words typed in lower case: what the gate restores a question's case with. */
  restoreCase(text: string): string;
  /** Ranked retrieval alone (BM25 over normalised terms), for related reading, autocomplete and benchmarks. */
  search(query: string, k?: number): Array<{ passage: Passage; score: number }>;
  passage(id: string): Passage | undefined;
  /**
   * Work done ahead of any question until `deadline` (a performance.now() time), so that the
   * first questions do not pay for it: the WARM_UP_QUESTIONS, one at a time, then the passages
   * read closely (see EngineOptions.eagerLimit). True once nothing is left. Called in idle time,
   * in slices (src/pool/warm.ts), by worker threads and the interactive REPL; never by `ask`.
   */
  warmUp?(deadline: number): boolean;
  readonly corpus: Corpus;
  readonly loadedAt: Date;
}

export interface EngineOptions {
  now?: () => Date;
  /**
   * The confidence (chance of being exactly right) an answer needs; below it the answer is
   * offered as "not sure". Default: the one training chose on the use mixture
   * (reader-weights.json `thresholds.confidence`). ANSWER_THRESHOLD sets it.
   */
  threshold?: number;
  /** Every threshold at once, over the trained ones: `{ holds: 0, confidence: 0 }` answers every question it can (evaluation). */
  thresholds?: Partial<Thresholds>;
  /** Weights other than the committed ones (training and tests). */
  weights?: WeightsFile;
  /** The corpus-wide index, when already built or loaded; built from `corpus` when absent. */
  index?: CorpusIndex;
  /** Passages whose analysis is kept in memory at once (default READER_DEFAULTS.analysisCache). */
  analysisCache?: number;
  /**
   * Corpora of up to this many passages are analysed ahead of questions by warmUp(), so that
   * questions do not pay for it (worker threads do this; default 0: analysis on first use).
   */
  eagerLimit?: number;
}

export const ENGINE_DEFAULTS = READER_DEFAULTS;

/**
 * Questions whose analysis is kept, by their words after the gate and the type asked for. The
 * analysis (wink, focus words, variants, idf weights) is a function of those and of the corpus
 * alone, and nothing downstream changes it, so a question asked again reads it back instead of
 * running wink again: people ask the same things, and a burst repeats its questions.
 */
const QUESTION_CACHE = 512;

/**
 * Asked and thrown away by warmUp(). The first question after a start paid about 150 ms that
 * later ones do not (on 166,000 Wikipedia paragraphs, 170-200 ms against 20-40 ms): reading the
 * word vectors and the thesaurus, and running every code path for the first time (the gate,
 * wink, candidate extraction, the features) before V8 has compiled it. Ordinary questions of
 * the common kinds (people, dates, numbers, places, things; one in Title Case, one typed without
 * capitals or a question mark) pay that instead. Twenty, because the first real question kept
 * getting cheaper up to about that many (at 166k passages, medians of fresh processes: 5 left
 * it at 58 ms, 10 at 36 ms, 20 at 25 ms, for 0.35, 0.58 and 0.77 s of warming up). They change no
 * later answer: what they leave behind is kept by its inputs alone (question analyses by their
 * words, passage analyses by their text, cosines by their word rows), which
 * tests/answer/engine.test.ts and public-set.test.ts check.
 */
export const WARM_UP_QUESTIONS = [
  'Who was the first president of the university?',
  'When did the war end?',
  'How many people lived in the city in 1900?',
  'Where is the largest river?',
  'What is the name of the company?',
  'Which team won the championship in 1998?',
  'Who wrote the novel?',
  'When was the church built?',
  'How long is the bridge?',
  'What language do they speak?',
  'Who discovered the element?',
  'When was the treaty signed?',
  'How much did the building cost?',
  'Where Was The Battle Fought?',
  'What was the cause of the disease?',
  'Who became king after his father died?',
  'In what year did the company move to London?',
  'how many students attend the school',
  'Where did the band record the album?',
  'What is the capital of the province?',
];

export function createEngine(corpus: Corpus, options: EngineOptions = {}): Engine {
  const { now = () => new Date() } = options;
  const model = compileReader(options.weights ?? TRAINED_WEIGHTS);
  const thresholds: Thresholds = { ...model.thresholds, ...(options.threshold !== undefined ? { confidence: options.threshold } : {}), ...options.thresholds };
  const deps = createReaderDeps(corpus, { ...options, model });
  const passages = corpus.passages;
  const byDoc = new Map(corpus.documents.map((d) => [d.id, d]));
  const eager = Math.min(options.eagerLimit ?? 0, options.analysisCache ?? ENGINE_DEFAULTS.analysisCache);
  let warmed = passages.length <= eager ? 0 : passages.length;
  let primed = 0;
  const views = new Lru<string, QuestionView>(QUESTION_CACHE);
  const understood = (read: string, type: Question['type']): QuestionView => {
    const key = `${type ?? ''}\u0000${read}`;
    let qv = views.get(key);
    if (!qv) views.set(key, (qv = understand(deps, read, type)));
    return qv;
  };

  const engine: Engine = {
    corpus,
    loadedAt: now(),
    passage(id) {
      // Ids are `${doc}#${paragraph}`; a map of documents is much smaller than one of passages.
      const hash = id.lastIndexOf('#');
      const p = hash < 0 ? undefined : byDoc.get(id.slice(0, hash))?.passages[Number(id.slice(hash + 1)) - 1];
      return p?.id === id ? p : undefined;
    },
    warmUp(deadline) {
      // A question at a time, through the gate as people's questions come: one may overrun
      // the deadline (the first, cold, by 100-200 ms), which a question asked meanwhile waits for.
      while (primed < WARM_UP_QUESTIONS.length && performance.now() < deadline) {
        const gated = gateQuestion(WARM_UP_QUESTIONS[primed++], { engine });
        if (gated.ok) engine.ask(gated.question);
      }
      while (warmed < passages.length && performance.now() < deadline) deps.evidence(warmed++);
      return primed >= WARM_UP_QUESTIONS.length && warmed >= passages.length;
    },
    search(query, k = 10) {
      const terms = new Map<string, number>();
      for (const t of tokenizeTerms(query)) if (!isStop(t.text)) terms.set(t.term, 1);
      return deps.index.search([...terms].map(([term, weight]) => ({ term, weight })), k).map((h) => ({ passage: passages[h.doc]!, score: h.score }));
    },
    restoreCase: (text) => deps.casing.restore(text),
    ask(question, opts = {}) {
      const t0 = performance.now();
      const maxCitations = opts.maxCitations ?? 3;
      const qv = understood(question.read, question.type);
      const form = formOf(qv.q, question.type !== undefined);
      if (!form.ok) return rejectedAnswer(question.text, qv.q.type, form.message, performance.now() - t0);
      const trace: Trace = read(deps, qv);
      const answer = cite(deps, trace, { question: question.text, type: qv.q.type }, { thresholds, maxCitations });
      return { ...answer, ...(opts.explain ? { why: explain(deps.model, trace) } : {}), ms: performance.now() - t0 };
    },
  };
  return engine;
}

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'to', 'is', 'was']);
const isStop = (w: string) => STOP.has(w.toLowerCase());
