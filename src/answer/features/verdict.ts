/**
 * Features of the reader's verdict, for the model that says how likely the winning answer is to
 * be exactly right: how sure the span model is of it and how far it leads the runner-up, how
 * sure the holds model is that the corpus answers the question at all, and what the winner's
 * sentence rests on. They read only the two models' outputs and features, so training and
 * answering compute them identically.
 */
import type { Sparse } from './registry.js';
import { candidateFeatures } from './candidate.js';
import { holdsFeatures } from './holds.js';
import { family, feature, registry, type Declared } from './registry.js';
import { QUESTION_TYPES } from '../types.js';

export interface VerdictContext {
  /** The span model's probability mass on the winning answer text and on the runner-up text. */
  best: number;
  second: number;
  /** The holds model's probability that the corpus answers the question. */
  holds: number;
  /** The winning candidate's features, and the holds model's. */
  answer: Sparse;
  holdsFeatures: Sparse;
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
const ofHolds = column(holdsFeatures.names);
const coverage = ofAnswer('coverage');
const missingKeys = ofAnswer('missingKeys');
const missingVerb = ofAnswer('missingVerb');
const contextMatch = ofAnswer('contextMatch');
const unmatched = ofAnswer('unmatchedWords');
const pairs = ofAnswer('pairsTogether');
const otherNames = ofAnswer('keysInOtherNames');
const unknownShare = ofHolds('holds.unknownShare');
const topPassage = ofHolds('holds.topPassage');
const typeColumns = QUESTION_TYPES.map((t) => ofHolds(`holds.type=${t}`));

export const VERDICT_FEATURES: readonly Declared<VerdictContext>[] = [
  feature('bias', 'always 1: the base rate of right answers', () => 1),
  feature('best', 'logit of the winning answer\'s probability: 0 at 50%', (x) => logit(x.best)),
  feature('lead', 'log of how far the winner leads the runner-up: 0 when tied', (x) => Math.log((x.best + 1e-6) / (x.second + 1e-6))),
  feature('holds', 'logit of the holds model\'s probability that the corpus answers the question', (x) => logit(x.holds)),
  feature('coverage', 'how much of the question the winner\'s sentence says', (x) => coverage(x.answer)),
  feature('contextMatch', 'how much of the question stands within three words of the winner', (x) => contextMatch(x.answer)),
  feature('missingKeys', 'names and numbers of the question missing from the winner\'s sentence', (x) => missingKeys(x.answer)),
  feature('missingVerb', 'the question\'s verb is not near the winner', (x) => missingVerb(x.answer)),
  feature('unmatched', 'question words the winner\'s sentence matches in no way, not even by a synonym', (x) => unmatched(x.answer)),
  feature('pairs', 'share of the question\'s adjacent word pairs that stand together in the winner\'s sentence', (x) => pairs(x.answer)),
  feature('keysInOtherNames', 'names of the question found near the winner only inside a longer, different name', (x) => otherNames(x.answer)),
  feature('unknownShare', 'share of the question on words the corpus never uses', (x) => unknownShare(x.holdsFeatures)),
  feature('topPassage', 'the re-ranker\'s probability for its best passage', (x) => topPassage(x.holdsFeatures)),
  family('type', 'the question type', QUESTION_TYPES, (x) => QUESTION_TYPES[typeColumns.findIndex((c) => c(x.holdsFeatures) === 1)] ?? null),
];

export const verdictFeatures = registry(VERDICT_FEATURES, 'verdict.');
