/**
 * Features of the reader's verdict, for the model that says how likely the winning answer is to
 * be right: how far it leads the runner-up and "no answer", and what its sentence rests on.
 * They read only the scored candidates, so training and answering compute them identically.
 */
import type { Sparse } from './registry.js';
import { candidateFeatures } from './candidate.js';
import { noAnswerFeatures } from './no-answer.js';
import { family, feature, registry, type Declared } from './registry.js';
import { QUESTION_TYPES } from '../types.js';

export interface VerdictContext {
  /** Probability mass of the winning answer text, of the runner-up text, and of "no answer". */
  best: number;
  second: number;
  none: number;
  /** The winning candidate's features, and those of "no answer". */
  answer: Sparse;
  noAnswer: Sparse;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/** The value of a named column in a sparse vector (0 when absent). */
function column(names: readonly string[]) {
  return (name: string) => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`no feature column ${name}`);
    return (x: Sparse) => {
      const k = x.cols.indexOf(at);
      return k < 0 ? 0 : x.vals[k]!;
    };
  };
}
const ofAnswer = column(candidateFeatures.names);
const ofNone = column(noAnswerFeatures.names);
const coverage = ofAnswer('coverage');
const missingKeys = ofAnswer('missingKeys');
const missingVerb = ofAnswer('missingVerb');
const contextMatch = ofAnswer('contextMatch');
const unmatched = ofAnswer('unmatchedWords');
const pairs = ofAnswer('pairsTogether');
const otherNames = ofAnswer('keysInOtherNames');
const unknownShare = ofNone('none.unknownShare');
const topPassage = ofNone('none.topPassage');
const typeColumns = QUESTION_TYPES.map((t) => ofNone(`none.type=${t}`));

export const VERDICT_FEATURES: readonly Declared<VerdictContext>[] = [
  feature('bias', 'always 1: the base rate of right answers', () => 1),
  feature('best', 'logit of the winning answer\'s probability: 0 at 50%', (x) => logit(x.best)),
  feature('lead', 'log of how far the winner leads the runner-up: 0 when tied', (x) => Math.log((x.best + 1e-6) / (x.second + 1e-6))),
  feature('none', 'logit of the probability of "no answer"', (x) => logit(x.none)),
  feature('coverage', 'how much of the question the winner\'s sentence says', (x) => coverage(x.answer)),
  feature('contextMatch', 'how much of the question stands within three words of the winner', (x) => contextMatch(x.answer)),
  feature('missingKeys', 'names and numbers of the question missing from the winner\'s sentence', (x) => missingKeys(x.answer)),
  feature('missingVerb', 'the question\'s verb is not near the winner', (x) => missingVerb(x.answer)),
  feature('unmatched', 'question words the winner\'s sentence matches in no way, not even by a synonym', (x) => unmatched(x.answer)),
  feature('pairs', 'share of the question\'s adjacent word pairs that stand together in the winner\'s sentence', (x) => pairs(x.answer)),
  feature('keysInOtherNames', 'names of the question found near the winner only inside a longer, different name', (x) => otherNames(x.answer)),
  feature('unknownShare', 'share of the question on words the corpus never uses', (x) => unknownShare(x.noAnswer)),
  feature('topPassage', 'the re-ranker\'s probability for its best passage', (x) => topPassage(x.noAnswer)),
  family('type', 'the question type', QUESTION_TYPES, (x) => QUESTION_TYPES[typeColumns.findIndex((c) => c(x.noAnswer) === 1)] ?? null),
];

export const verdictFeatures = registry(VERDICT_FEATURES, 'verdict.');
