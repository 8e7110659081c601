/**
 * Features of the "no answer" option, which competes with every candidate in the same softmax,
 * as SQuAD 2.0 readers do: it wins when the best passages say too little of the question.
 */
import { QUESTION_TYPES } from '../types.js';
import type { PassageView } from './passage-view.js';
import type { QuestionView } from './question-view.js';
import { family, feature, registry, type Declared } from './registry.js';

export interface NoAnswerContext {
  qv: QuestionView;
  /** The passages answers are extracted from, best first. */
  passages: readonly PassageView[];
  /** The re-ranker's probability for its top passage. */
  topPassage: number;
  /** How many candidates compete with "no answer". */
  candidates: number;
}

const bestSentence = (x: NoAnswerContext) => Math.max(0, ...x.passages.map((p) => Math.max(0, ...p.sentenceCoverage)));

export const NO_ANSWER_FEATURES: readonly Declared<NoAnswerContext>[] = [
  feature('bias', 'always 1: the base rate of unanswerable questions', () => 1),
  family('type', 'the question type', QUESTION_TYPES, (x) => x.qv.q.type),
  feature('bestSentence', 'the most any retrieved sentence covers of the question', bestSentence),
  feature('bestSentenceSquared', 'that coverage squared', (x) => bestSentence(x) ** 2),
  feature('unknownShare', 'share of the question\'s weight on words the corpus never uses: "capital of France" in a corpus without "capital"', (x) => x.qv.unknownShare),
  feature('topPassage', 'the re-ranker\'s probability for its best passage: low when no passage stands out', (x) => x.topPassage),
  feature('focusWords', 'how many content words the question has (log): short questions are vaguer', (x) => Math.log1p(x.qv.focus.length)),
  feature('candidates', 'log of how many candidates compete: "no answer" must outweigh them all', (x) => Math.log1p(x.candidates)),
  feature('keyWords', 'the question names names or numbers', (x) => (x.qv.keyTerms.size ? 1 : 0)),
];

export const noAnswerFeatures = registry(NO_ANSWER_FEATURES, 'none.');
