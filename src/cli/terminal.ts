import { corpusVersion } from '../corpus/version.js';
import { styleText } from 'node:util';
import type { Answer, Citation, Explanation } from '../answer/types.js';
import type { Corpus, Passage } from '../corpus/types.js';

/**
 * Pure rendering of answers, passages and corpus listings for a terminal. No I/O. Everything
 * that came from the corpus or from a person goes through `printable` before it is styled, so
 * the only escape sequences that reach the terminal are our own styling.
 */

// C0 controls other than tab and newline, DEL, and C1 controls: ESC and CSI start escape
// sequences (clear the screen, hide text, set the title, write the clipboard with OSC 52), BEL
// rings, CR overwrites the line.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Text safe to print on a terminal: each control character becomes a visible symbol (ESC is
 * ␛, BEL ␇, a C1 control �), one character for one, so offsets into the text (a highlight)
 * still point where they did. Tab and newline stay, as layout.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}

const printableCitation = (c: Citation): Citation => ({
  ...c,
  id: printable(c.id),
  doc: printable(c.doc),
  title: printable(c.title),
  source: c.source === null ? null : printable(c.source),
  date: c.date === null ? null : printable(c.date),
  text: printable(c.text),
});

/** An answer with every text from the corpus or the asker made printable (offsets unchanged). */
function printableAnswer(a: Answer): Answer {
  return {
    ...a,
    question: printable(a.question),
    answer: a.answer === null ? null : printable(a.answer),
    reason: a.reason === undefined ? undefined : printable(a.reason),
    error: a.error === undefined ? undefined : printable(a.error),
    citations: a.citations.map(printableCitation),
    suggestion: a.suggestion && { ...a.suggestion, text: printable(a.suggestion.text), citation: printableCitation(a.suggestion.citation) },
    why: a.why && { ...a.why, runnersUp: a.why.runnersUp.map((r) => ({ ...r, text: printable(r.text) })) },
  };
}

export interface Style {
  answer(s: string): string;
  highlight(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
  error(s: string): string;
}

type Format = Parameters<typeof styleText>[0];
// Empty text stays empty: a bare pair of escape codes would still count as output.
const paint = (format: Format) => (s: string) => (s ? styleText(format, s) : s);
const plainMark = (s: string) => s;

export function createStyle(color: boolean): Style {
  if (!color) {
    // Without colour the answer still has to stand out inside its passage.
    return { answer: plainMark, highlight: (s) => (s ? `**${s}**` : s), bold: plainMark, dim: plainMark, warn: plainMark, error: plainMark };
  }
  return {
    answer: paint(['bold', 'green']),
    highlight: paint(['bold', 'yellow']),
    bold: paint('bold'),
    dim: paint('dim'),
    warn: paint('yellow'),
    error: paint('red'),
  };
}

/**
 * Colour only for a terminal, and never when NO_COLOR is set to anything non-empty
 * (https://no-color.org); FORCE_COLOR wins over a missing TTY, for tools that capture output.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export interface RenderOptions {
  style: Style;
  /** Wrap width in columns (default 80). */
  width?: number;
  /** Longest passage excerpt shown under an answer, in characters. */
  maxPassageChars?: number;
  /** Longest excerpt shown per related-reading passage. */
  maxRelatedChars?: number;
}

export interface Excerpt {
  text: string;
  highlight: [number, number] | null;
}

const ELLIPSIS = '…';

/**
 * Cuts `text` to about `max` characters, keeping the highlight whole and roughly centred,
 * cutting at spaces and marking cuts with "…". Offsets in the result are re-based.
 */
export function excerpt(text: string, highlight: [number, number] | null, max: number): Excerpt {
  const hl = validHighlight(text, highlight);
  if (text.length <= max) return { text, highlight: hl };
  let start: number;
  let end: number;
  if (!hl) {
    start = 0;
    end = max;
  } else {
    const slack = Math.max(0, max - (hl[1] - hl[0]));
    start = Math.max(0, hl[0] - Math.floor(slack / 2));
    end = Math.min(text.length, start + Math.max(max, hl[1] - hl[0]));
    if (end === text.length) start = Math.max(0, end - max);
  }
  // Snap to word boundaries without eating into the highlight.
  if (start > 0) {
    const limit = hl ? hl[0] : end;
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < limit) start = space + 1;
  }
  if (end < text.length) {
    const floor = hl ? hl[1] : start;
    const space = text.lastIndexOf(' ', end);
    if (space >= floor && space > start) end = space;
  }
  while (start < end && /\s/.test(text[start]!) && !(hl && start >= hl[0])) start++;
  while (end > start && /\s/.test(text[end - 1]!) && !(hl && end <= hl[1])) end--;
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  return {
    text: prefix + text.slice(start, end) + suffix,
    highlight: hl ? [hl[0] - start + prefix.length, hl[1] - start + prefix.length] : null,
  };
}

function validHighlight(text: string, hl: [number, number] | null | undefined): [number, number] | null {
  if (!hl) return null;
  const [s, e] = hl;
  return Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= text.length ? [s, e] : null;
}

/** Greedy word wrap; returns [start, end) ranges into `text` so styling can follow offsets. */
export function wrapRanges(text: string, width: number): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  const w = Math.max(10, width);
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= w) {
      lines.push([start, text.length]);
      break;
    }
    let cut = text.lastIndexOf(' ', start + w);
    if (cut <= start) cut = start + w; // a single word longer than the line
    lines.push([start, cut]);
    start = cut;
    while (text[start] === ' ') start++;
  }
  return lines.length ? lines : [[0, 0]];
}

/** Wraps and indents text, applying `mark` to the highlighted span even when it crosses lines. */
export function wrapHighlighted(text: string, highlight: [number, number] | null, width: number, indent: string, mark: (s: string) => string): string {
  return wrapRanges(text, width - indent.length)
    .map(([s, e]) => {
      if (!highlight || highlight[1] <= s || highlight[0] >= e) return indent + text.slice(s, e);
      const hs = Math.max(s, highlight[0]);
      const he = Math.min(e, highlight[1]);
      return indent + text.slice(s, hs) + mark(text.slice(hs, he)) + text.slice(he, e);
    })
    .join('\n');
}

/** "Title · Source · Date · ¶ 4", leaving out what the document doesn't have. */
export function attribution(c: Pick<Citation, 'title' | 'source' | 'date' | 'passage'>): string {
  return [c.title, c.source, c.date, `¶ ${c.passage}`].filter((x): x is string => Boolean(x)).join(' · ');
}

export function formatConfidence(confidence: number): string {
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}%`;
}

/** Answer → terminal text (ends with a newline). */
export function renderAnswer(raw: Answer, options: RenderOptions): string {
  const answer = printableAnswer(raw);
  const { style } = options;
  const width = options.width ?? 80;
  const maxPassage = options.maxPassageChars ?? 480;
  const maxRelated = options.maxRelatedChars ?? 200;
  const out: string[] = [];

  if (answer.error) {
    out.push(style.error(answer.error));
    return out.join('\n') + '\n';
  }

  if (answer.answer !== null) {
    out.push(style.answer(answer.answer));
    out.push(style.dim(`confidence ${formatConfidence(answer.confidence)} · ${answer.type} · ${formatMs(answer.ms)}`));
    const cited = answer.citations[0];
    if (cited) {
      const ex = excerpt(cited.text, cited.highlight, maxPassage);
      out.push('');
      out.push(wrapHighlighted(ex.text, ex.highlight, width, '  ', style.highlight));
      out.push(style.dim(hanging(`— ${attribution(cited)}  [${cited.id}]`, width, '  ', '    ')));
    }
    // "see also" is another passage giving this same answer; "related" only shares words with the question.
    for (const more of answer.citations.slice(1)) {
      const label = more.highlight ? 'see also:' : 'related: ';
      out.push(style.dim(hanging(`${label} ${attribution(more)}  [${more.id}]`, width, '  ', '            ')));
    }
    return out.join('\n') + '\n';
  }

  const maybe = answer.suggestion;
  if (maybe) {
    // Not sure: the likely span in its passage, for the asker to judge; never presented as the answer.
    out.push(style.warn(NOT_SURE));
    out.push(`maybe: ${style.answer(maybe.text)}`);
    out.push(style.dim(`confidence ${formatConfidence(maybe.confidence)} · ${answer.type} · ${formatMs(answer.ms)}`));
    const ex = excerpt(maybe.citation.text, maybe.citation.highlight, maxPassage);
    out.push('');
    out.push(wrapHighlighted(ex.text, ex.highlight, width, '  ', style.highlight));
    out.push(style.dim(hanging(`— ${attribution(maybe.citation)}  [${maybe.citation.id}]`, width, '  ', '    ')));
    const rest = answer.citations.filter((c) => c.id !== maybe.citation.id);
    if (rest.length) out.push('', style.bold('Related reading:'), ...rest.map((c, i) => hanging(`${attribution(c)}  [${c.id}]`, width, `  ${i + 1}. `, '     ')));
    return out.join('\n') + '\n';
  }

  out.push(style.warn(NOT_FOUND));
  // The engine's reason is often this same headline; saying it twice reads as a stutter.
  const reason = answer.reason && !sameWords(answer.reason, NOT_FOUND) ? answer.reason : undefined;
  const meta = [`confidence ${formatConfidence(answer.confidence)}`, answer.type, formatMs(answer.ms), reason];
  out.push(style.dim(meta.filter(Boolean).join(' · ')));
  if (answer.citations.length) {
    out.push('');
    out.push(style.bold('Related reading:'));
    answer.citations.forEach((c, i) => {
      const ex = excerpt(c.text, c.highlight, maxRelated);
      const number = `  ${i + 1}. `;
      out.push(hanging(`${attribution(c)}  [${c.id}]`, width, number, ' '.repeat(number.length)));
      out.push(style.dim(wrapHighlighted(ex.text, null, width, '     ', (s) => s)));
    });
  }
  return out.join('\n') + '\n';
}

const NOT_FOUND = 'Not found in the corpus.';
const NOT_SURE = 'Not sure — the passage below may answer it.';

const sameWords = (a: string, b: string) => a.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() === b.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Wraps `text` to `width`: the first line after `first`, the others after `rest` (a hanging indent). */
export function hanging(text: string, width: number, first: string, rest: string): string {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length || lines.length === 0) {
    const indent = lines.length === 0 ? first : rest;
    const [[s, e] = [0, 0]] = wrapRanges(text.slice(start), width - indent.length);
    lines.push(indent + text.slice(start + s, start + e));
    start += e;
    while (text[start] === ' ') start++;
  }
  return lines.join('\n');
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** A whole passage, for `:source ID`. */
export function renderPassage(raw: Passage, options: RenderOptions): string {
  const p: Passage = { ...raw, id: printable(raw.id), text: printable(raw.text), title: printable(raw.title), url: raw.url && printable(raw.url), ...printableMeta(raw) };
  const { style } = options;
  const head = style.bold(attribution({ title: p.title, source: p.source, date: p.date, passage: p.paragraph }));
  const url = p.url ? `\n${style.dim(p.url)}` : '';
  return `${head}  ${style.dim(`[${p.id}]`)}${url}\n\n${wrapHighlighted(p.text, null, options.width ?? 80, '  ', (s) => s)}\n`;
}

export interface CorpusStats {
  /** Time to load the corpus and build the engine. */
  loadMs?: number;
  loadedAt?: Date;
}

/** The document list for `:sources`. */
export function renderSources(corpus: Corpus, stats: CorpusStats, options: RenderOptions): string {
  const { style } = options;
  const out: string[] = [];
  corpus.documents.forEach((raw, i) => {
    const d = { ...raw, id: printable(raw.id), file: printable(raw.file), title: printable(raw.title), ...printableMeta(raw) };
    const meta = [d.source, d.date].filter(Boolean).join(' · ');
    const count = `${d.passages.length} passage${d.passages.length === 1 ? '' : 's'}`;
    out.push(`${String(i + 1).padStart(3)}. ${style.bold(d.title)}`);
    out.push(style.dim(`     ${[meta, count, d.file].filter(Boolean).join(' · ')}  [${d.id}]`));
  });
  const total = `${corpus.documents.length} document${corpus.documents.length === 1 ? '' : 's'}, ${corpus.passages.length} passages, version ${corpusVersion(corpus)}`;
  const load = stats.loadMs !== undefined ? `, loaded in ${formatMs(stats.loadMs)}` : '';
  const at = stats.loadedAt ? ` at ${stats.loadedAt.toISOString()}` : '';
  const warn = corpus.warnings.length ? style.warn(` · ${corpus.warnings.length} warning${corpus.warnings.length === 1 ? '' : 's'}:`) : '';
  out.push('');
  out.push(`${total}${load}${at}${warn}`);
  for (const w of corpus.warnings) out.push(style.warn(`  ${printable(w.file)}: ${printable(w.reason)}`));
  return out.join('\n') + '\n';
}

const printableMeta = (m: { source: string | null; date: string | null }) => ({ source: m.source && printable(m.source), date: m.date && printable(m.date) });

/** An answer's explanation (`:why`, `ask --explain`): the largest weighted features behind the choice. */
export function renderWhy(raw: Answer, options: RenderOptions): string {
  const answer = printableAnswer(raw);
  const { style } = options;
  const why = answer.why;
  if (!why) return style.dim('No explanation: the question was not answered by the reader.') + '\n';
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const out: string[] = [];
  const verdict = answer.answer !== null ? `"${answer.answer}"` : answer.suggestion ? `"not sure" (maybe "${answer.suggestion.text}")` : 'no answer';
  out.push(style.bold(`Why ${verdict}: confidence ${formatConfidence(answer.confidence)}`));
  out.push(
    style.dim(
      `the corpus holds an answer with probability ${pct(1 - why.noAnswer)}; the span model gave the winner ${pct(why.probability)} among ${why.candidates} candidates` +
        (why.passage ? `; its passage ranked ${why.passage.rank} after re-ranking (${why.passage.bm25Rank} by BM25)` : '') +
        (why.kind ? `; span kind ${why.kind}` : ''),
    ),
  );
  const rows = (list: Explanation['features']) => list.map((f) => `  ${f.contribution >= 0 ? '+' : '−'}${Math.abs(f.contribution).toFixed(2)}  ${f.feature} = ${f.value}`);
  if (why.features.length) out.push('', style.bold('What the answer rests on:'), ...rows(why.features));
  if (why.noAnswerFeatures.length) out.push('', style.bold('Whether the corpus holds an answer rests on:'), ...rows(why.noAnswerFeatures));
  if (why.runnersUp.length) out.push('', style.dim(`runners-up: ${why.runnersUp.map((r) => `"${r.text}" ${pct(r.probability)}`).join(', ')}`));
  return out.join('\n') + '\n';
}
