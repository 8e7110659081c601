/** "Why this answer?": the largest weighted features behind the winner, read off the trace that chose it. */
import type { Model } from './model.js';
import { fitsType } from './kinds.js';
import type { Trace } from './pipeline.js';
import type { Explanation } from './types.js';

/** How many contributions an explanation lists. */
export const EXPLAIN_TOP = 8;

export function explain(model: Model, trace: Trace): Explanation {
  const best = trace.best?.candidate;
  const top = (xs: ReturnType<Model['candidate']['contributions']>) =>
    xs.slice(0, EXPLAIN_TOP).map((c) => ({ feature: c.feature, value: round(c.value), contribution: round(c.contribution) }));
  return {
    probability: round(trace.best?.probability ?? 0),
    noAnswer: round(1 - trace.holds.probability),
    candidates: trace.candidates.length,
    passage: best ? { rank: trace.passages.findIndex((p) => p.doc === best.view.ev.index) + 1, bm25Rank: best.view.retrieval.bm25Rank } : null,
    kind: best?.ctx.c.kind ?? null,
    fitsType: best ? fitsType(trace.question, best.ctx.kinds) : false,
    features: best ? top(model.candidate.contributions(best.features)) : [],
    noAnswerFeatures: top(model.holds.contributions(trace.holds.features)),
    runnersUp: trace.candidates.slice(1, 4).map((c) => ({ text: c.text, probability: round(c.probability) })),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
