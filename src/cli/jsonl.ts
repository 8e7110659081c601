import type { Answer, Citation } from '../answer/types.js';

/**
 * Answer → one JSON line (no trailing newline). Fields are copied explicitly so the key
 * order is stable and nothing outside the contract leaks into a scorer's input.
 */
export function toJsonLine(answer: Answer): string {
  const line: Record<string, unknown> = {
    question: answer.question,
    type: answer.type,
    answer: answer.answer,
    confidence: answer.confidence,
    citations: answer.citations.map(citation),
    ms: Math.round(answer.ms * 100) / 100,
  };
  if (answer.reason !== undefined) line.reason = answer.reason;
  if (answer.error !== undefined) line.error = answer.error;
  if (answer.why !== undefined) line.why = answer.why;
  // JSON allows raw U+2028/U+2029, but some line readers split on them; escaping keeps one object per line.
  // It allows raw DEL and C1 controls too, which a terminal showing the line would obey; escaped,
  // the values are the same and the line is safe to print.
  return JSON.stringify(line).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function citation(c: Citation): Citation {
  return { id: c.id, doc: c.doc, title: c.title, source: c.source, date: c.date, passage: c.passage, text: c.text, highlight: c.highlight };
}
