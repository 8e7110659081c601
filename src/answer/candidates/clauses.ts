/** Why- and how-questions are answered by clauses: a cause or purpose ("because …", "to …") or a means ("by …"). */
import type { TextAnalysis } from '../../nlp/analyse.js';
import type { Push } from './types.js';

/** Words that open a reason or a means; a two-word opener is matched on its first word plus the next. */
const OPENERS = new Map<string, readonly string[] | null>([
  ['because', null],
  ['due', ['to']],
  ['owing', ['to']],
  ['thanks', ['to']],
  ['since', null],
  ['so', ['that']],
  ['order', ['to']],
  ['by', null],
  ['through', null],
  ['via', null],
  ['using', null],
]);
const CLAUSE_END = new Set([',', ';', ':', '.', '(', ')', '!', '?', '"', '“', '”']);
/** Clauses longer than this are cut at it: answers are phrases, not paragraphs. */
export const MAX_CLAUSE_TOKENS = 18;

export function clauses(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  for (let i = first; i < last; i++) {
    const t = toks[i]!;
    let body = -1;
    const opener = OPENERS.get(t.folded);
    if (opener !== undefined) {
      if (opener === null) body = i + 1;
      else if (opener.includes(toks[i + 1]?.folded ?? '')) body = i + 2;
      // "because of", "in order to": take the longest opener.
      if (t.folded === 'because' && toks[i + 1]?.folded === 'of') body = i + 2;
      // "by" opens a means only before a gerund ("by taxing"), not an agent ("by the Taliban").
      if (t.folded === 'by' && !/ing$/.test(toks[i + 1]?.folded ?? '')) body = -1;
      if (t.folded === 'since' && t.pos !== 'SCONJ') body = -1;
    } else if (t.folded === 'to' && toks[i + 1]?.pos === 'VERB' && toks[i - 1]?.pos !== 'AUX') {
      // A purpose infinitive: "built the road to reach the mines".
      body = i + 1;
    }
    if (body < 0 || body >= last) continue;
    let end = body;
    while (end < last && end - body < MAX_CLAUSE_TOKENS && !CLAUSE_END.has(toks[end]!.text)) end++;
    if (end - body < 1) continue;
    push('clause', body, end, { head: end - 1 });
    push('clause', i, end, { head: end - 1 });
  }
}
