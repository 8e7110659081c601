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
    runnersUp: runnersUp(trace, 3),
  };
}

/** The next answers by probability, grouped as the winner was chosen (trace.groups), each as its best-scoring candidate's text. */
function runnersUp(trace: Trace, n: number): Explanation['runnersUp'] {
  const { groups } = trace;
  const best = trace.best ? groups[trace.candidates.indexOf(trace.best.candidate)] : undefined;
  const mass = new Map<string, { text: string; probability: number }>();
  // Candidates come best score first, so a group's first member is the text it is shown by.
  trace.candidates.forEach((c, k) => {
    const g = groups[k]!;
    if (g === best) return;
    const m = mass.get(g);
    if (m) m.probability += c.probability;
    else mass.set(g, { text: c.text, probability: c.probability });
  });
  return [...mass.values()]
    .sort((a, b) => b.probability - a.probability)
    .slice(0, n)
    .map((r) => ({ text: r.text, probability: round(r.probability) }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
