import { corpusVersion } from '../corpus/version.js';
import {
  ButtonStyle,
  ComponentType,
  TimestampStyles,
  time,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import type { Answer, Citation, Suggestion } from '../answer/types.js';
import type { Corpus, Passage } from '../corpus/types.js';
import { encodeButton, passageRef } from './ids.js';

/**
 * Answer → Discord message, with no client and no I/O, so every limit below is unit-tested.
 * Whether a reply is ephemeral is the caller's decision; everything else is decided here.
 */
export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Always explicit: corpus text and questions may contain @everyone or role mentions. */
  allowedMentions: { parse: [] };
}

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  title: 256,
  description: 4096,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  buttonLabel: 80,
  content: 2000,
} as const;

/** The answer's quote is an excerpt; "Full passage" is one click away for the rest. */
export const EXCERPT_CHARS = 1000;
const RELATED_EXCERPT_CHARS = 220;
const MAX_RELATED = 3;

const COLOR = { answer: 0x3ba55d, unsure: 0xfaa61a, none: 0x99aab5, info: 0x5865f2 } as const;

const NO_MENTIONS = { parse: [] as [] };

// ---------------------------------------------------------------------------------------
// Text helpers

/**
 * Escapes Discord markdown so corpus text shows literally. Over-escaping is harmless
 * (Discord drops a backslash before any punctuation), under-escaping turns a passage's
 * asterisks into formatting, so the inline set is escaped everywhere and the block
 * markers (quote, heading, list) at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|<[\]]/g, '\\$&')
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2\\.')
    .replace(/^(\s*)([>#+-])/gm, '$1\\$2');
}

/** Cuts to `max` characters with "…", never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end).trimEnd() + '…';
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves a cut point off the middle of a surrogate pair. */
function safeCut(text: string, index: number, direction: 1 | -1): number {
  const i = Math.max(0, Math.min(text.length, index));
  return i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i)) ? i + direction : i;
}

/** Prefers a word boundary within a short distance of the cut, so words are not halved. */
function wordCut(text: string, index: number, direction: 1 | -1): number {
  const reach = 30;
  if (direction === 1) {
    const space = text.slice(index, index + reach).search(/\s/);
    return space >= 0 ? index + space + 1 : index;
  }
  const window = text.slice(Math.max(0, index - reach), index);
  const space = window.search(/\s\S*$/);
  return space >= 0 ? index - window.length + space : index;
}

const quoteLines = (markdown: string) => '> ' + markdown.replace(/\n/g, '\n> ');

/** Bold per line: a `**` pair cannot span a line break inside a block quote. */
const bold = (raw: string) =>
  raw
    .split('\n')
    .map((line) => (line.trim() ? `**${escapeMarkdown(line)}**` : line))
    .join('\n');

/**
 * The passage as a block quote with the answer span in bold, trimmed around the span with
 * "…" to at most `max` characters of markdown. Works on the raw text and measures the
 * escaped result, since escaping can grow the text.
 */
export function quoteExcerpt(text: string, highlight: [number, number] | null, max: number): string {
  const [h0, h1] = highlight ?? [0, 0];
  const start = safeCut(text, Math.max(0, Math.min(h0, text.length)), -1);
  const end = safeCut(text, Math.max(start, Math.min(h1, text.length)), 1);

  // markEnd < end only when the answer span alone is too long to quote whole.
  const render = (from: number, markEnd: number, to: number) => {
    const before = (from > 0 ? '…' : '') + escapeMarkdown(text.slice(from, start));
    if (markEnd < end) return quoteLines(before + bold(text.slice(start, markEnd)) + '…');
    const mark = end > start ? bold(text.slice(start, end)) : '';
    return quoteLines(before + mark + escapeMarkdown(text.slice(end, to)) + (to < text.length ? '…' : ''));
  };

  const whole = render(0, end, text.length);
  if (whole.length <= max) return whole;

  // A window of `budget` raw characters, shrunk until its escaped markdown fits.
  let budget = max;
  for (let attempt = 0; attempt < 12; attempt++) {
    const markEnd = safeCut(text, Math.min(end, start + Math.floor(budget * 0.8)), -1);
    const room = Math.max(0, budget - (markEnd - start));
    // A third of the context before the answer, the rest after: the sentence usually
    // carries on past the answer, and that is what reads as evidence.
    let from = start - Math.floor(room / 3);
    let to = end + room - Math.floor(room / 3);
    if (from < 0) [to, from] = [to - from, 0];
    if (to > text.length) [from, to] = [Math.max(0, from - (to - text.length)), text.length];
    if (from > 0) from = Math.min(start, safeCut(text, wordCut(text, from, 1), 1));
    if (to < text.length) to = Math.max(end, safeCut(text, wordCut(text, to, -1), -1));
    const out = render(from, markEnd, to);
    if (out.length <= max) return out;
    budget = Math.max(1, Math.floor(budget * Math.min(0.9, max / out.length)));
  }
  // Pathological text (nearly every character escaped): a plain, safe cut.
  return truncate(quoteLines(escapeMarkdown(text)), max);
}

function footerOf(c: Pick<Citation, 'title' | 'source' | 'date' | 'passage'>, extra?: string): string {
  const parts = [c.title, c.source, c.date, `¶ ${c.passage}`, extra].filter((p): p is string => Boolean(p));
  return truncate(parts.join(' · '), LIMITS.footer);
}

const percent = (confidence: number) => `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)}% confident`;

function button(customId: string, label: string, emoji?: string): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId,
    ...(label ? { label: truncate(label, LIMITS.buttonLabel) } : {}),
    ...(emoji ? { emoji: { name: emoji } } : {}),
  };
}

const row = (buttons: APIButtonComponentWithCustomId[]): APIActionRowComponent<APIComponentInMessageActionRow>[] =>
  buttons.length ? [{ type: ComponentType.ActionRow, components: buttons.slice(0, 5) }] : [];

/** Deduplicated passage buttons: Discord rejects a message with two equal custom ids. */
function passageButtons(citations: readonly Citation[], label: (c: Citation) => string): APIButtonComponentWithCustomId[] {
  const seen = new Set<string>();
  const out: APIButtonComponentWithCustomId[] = [];
  for (const c of citations) {
    const id = encodeButton({ kind: 'passage', ref: passageRef(c.id) });
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(button(id, label(c)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Messages

export interface AnswerRenderOptions {
  /** Identifies the stored answer, for "Other sources" and feedback. */
  key: string;
}

/** A short text reply; callers send these ephemerally. */
export function notice(text: string): Reply {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

export function renderAnswer(answer: Answer, options: AnswerRenderOptions): Reply {
  if (answer.error) return notice(answer.error);
  const top = answer.citations[0];
  if (answer.answer === null && answer.suggestion) return renderNotSure(answer, answer.suggestion);
  if (answer.answer === null || !top) return renderNotFound(answer);

  const embed: APIEmbed = {
    color: COLOR.answer,
    author: { name: truncate(answer.question, LIMITS.author) },
    title: truncate(escapeMarkdown(answer.answer), LIMITS.title),
    description: quoteExcerpt(top.text, top.highlight, EXCERPT_CHARS),
    footer: { text: footerOf(top, percent(answer.confidence)) },
  };
  const buttons = [button(encodeButton({ kind: 'passage', ref: passageRef(top.id) }), 'Full passage')];
  const { same, related } = splitOthers(answer);
  if (same.length || related.length) {
    buttons.push(button(encodeButton({ kind: 'sources', key: options.key }), same.length ? `Other sources (${same.length})` : `Related reading (${related.length})`));
  }
  buttons.push(
    button(encodeButton({ kind: 'feedback', vote: 'up', key: options.key }), '', '👍'),
    button(encodeButton({ kind: 'feedback', vote: 'down', key: options.key }), '', '👎'),
  );
  return { embeds: [embed], components: row(buttons), allowedMentions: NO_MENTIONS };
}

/** Numbered entries, each title, metadata and excerpt, up to `max` characters; numbering starts after `before`. */
function relatedList(citations: readonly Citation[], max: number, before = 0): string {
  let out = '';
  for (const [i, c] of citations.entries()) {
    const meta = [c.source, c.date, `¶ ${c.passage}`].filter(Boolean).join(' · ');
    const entry = `**${before + i + 1}. ${escapeMarkdown(c.title)}** · ${escapeMarkdown(meta)}\n${quoteExcerpt(c.text, c.highlight, RELATED_EXCERPT_CHARS)}\n\n`;
    if (out.length + entry.length > max) break;
    out += entry;
  }
  return out.trimEnd();
}

/** Not sure: the likely span, marked in its passage, for the asker to judge; never the embed's title, which stays a hedge. */
function renderNotSure(answer: Answer, maybe: Suggestion): Reply {
  const related = answer.citations.filter((c) => c.id !== maybe.citation.id).slice(0, MAX_RELATED);
  const embed: APIEmbed = {
    color: COLOR.unsure,
    author: { name: truncate(answer.question, LIMITS.author) },
    title: 'Not sure — the passage below may answer it',
    description: truncate(`Maybe: **${escapeMarkdown(maybe.text)}**\n${quoteExcerpt(maybe.citation.text, maybe.citation.highlight, EXCERPT_CHARS)}`, LIMITS.description),
    footer: { text: footerOf(maybe.citation, percent(maybe.confidence)) },
  };
  const buttons = passageButtons([maybe.citation, ...related], (c) => (c === maybe.citation ? 'Full passage' : `Read ¶ ${c.passage} · ${c.title}`));
  return { embeds: [embed], components: row(buttons), allowedMentions: NO_MENTIONS };
}

function renderNotFound(answer: Answer): Reply {
  const related = answer.citations.slice(0, MAX_RELATED);
  const lines = ['There is no answer to this in the documents I have.'];
  if (related.length) lines.push('', '**Closest passages** (related reading, not an answer):');
  const head = lines.join('\n');
  const embed: APIEmbed = {
    color: COLOR.none,
    author: { name: truncate(answer.question, LIMITS.author) },
    title: 'Not found in the corpus',
    description: related.length ? `${head}\n\n${relatedList(related, LIMITS.description - head.length - 2)}` : head,
  };
  const buttons = passageButtons(related, (c) => `Read ¶ ${c.passage} · ${c.title}`);
  return { embeds: [embed], components: row(buttons), allowedMentions: NO_MENTIONS };
}

/**
 * The citations after the first: other passages that give the same answer (the engine marks the
 * answer in them), and passages that are only related to the question (no answer marked).
 */
function splitOthers(answer: Answer): { same: Citation[]; related: Citation[] } {
  const others = answer.citations.slice(1);
  return { same: others.filter((c) => c.highlight !== null), related: others.filter((c) => c.highlight === null) };
}

const RELATED_HEADING = '**Related reading** (these passages do not give this answer):';

/**
 * "Other sources": passages giving the same answer, each with its own excerpt, then related
 * reading under a heading of its own; titled "Related reading" when no other passage gives it.
 */
export function renderSources(answer: Answer): Reply {
  const { same, related } = splitOthers(answer);
  if (!same.length && !related.length) return notice('There are no other sources for this answer.');
  const sameList = same.length ? relatedList(same, LIMITS.description) : '';
  const heading = same.length && related.length ? `\n\n${RELATED_HEADING}\n\n` : '';
  const relatedText = related.length ? relatedList(related, LIMITS.description - sameList.length - heading.length, same.length) : '';
  const embed: APIEmbed = {
    color: COLOR.info,
    author: { name: truncate(answer.question, LIMITS.author) },
    title: same.length ? 'Other sources' : 'Related reading',
    description: `${sameList}${heading}${relatedText}`,
  };
  return { embeds: [embed], components: row(passageButtons([...same, ...related], (c) => `Full ¶ ${c.passage} · ${c.title}`)), allowedMentions: NO_MENTIONS };
}

/** Split budget per embed: under the description limit even after the "(2/3)" title. */
const PASSAGE_CHUNK = 3900;

/**
 * The whole passage, as one reply per chunk: a message's embeds share the 6,000-character
 * total, so a long passage cannot go out as several embeds of one message.
 */
export function renderPassage(passage: Passage): Reply[] {
  const chunks = splitEscaped(passage.text, PASSAGE_CHUNK);
  return chunks.map((chunk, i) => ({
    embeds: [
      {
        color: COLOR.info,
        title: truncate(`${passage.title} · ¶ ${passage.paragraph}${chunks.length > 1 ? ` (${i + 1}/${chunks.length})` : ''}`, LIMITS.title),
        description: chunk,
        ...(i === chunks.length - 1 ? { footer: { text: footerOf({ ...passage, passage: passage.paragraph }, passage.id) } } : {}),
        ...(passage.url && i === 0 ? { url: passage.url } : {}),
      },
    ],
    components: [],
    allowedMentions: NO_MENTIONS,
  }));
}

/** Splits raw text at whitespace into pieces whose escaped form fits `max`. */
export function splitEscaped(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length) {
    let take = Math.min(rest.length, max);
    let piece = escapeMarkdown(rest.slice(0, take));
    while (piece.length > max) {
      take = Math.max(1, Math.floor(take * (max / piece.length)) - 1);
      piece = escapeMarkdown(rest.slice(0, take));
    }
    if (take < rest.length) {
      const space = rest.slice(0, take).search(/\s\S*$/);
      if (space > take / 2) take = space + 1;
      take = safeCut(rest, take, -1) || take;
      piece = escapeMarkdown(rest.slice(0, take));
    }
    out.push(piece.trimEnd() || piece);
    rest = rest.slice(take);
  }
  return out.length ? out : [''];
}

export function renderCorpus(corpus: Corpus, loadedAt: Date): Reply {
  const passages = corpus.passages.length;
  const head = [
    `Version \`${corpusVersion(corpus)}\` · loaded ${time(loadedAt, TimestampStyles.LongDateShortTime)} (${time(loadedAt, TimestampStyles.RelativeTime)})`,
    `${corpus.documents.length} document${corpus.documents.length === 1 ? '' : 's'} · ${passages} passage${passages === 1 ? '' : 's'}` +
      (corpus.warnings.length ? ` · ${corpus.warnings.length} file warning${corpus.warnings.length === 1 ? '' : 's'}` : ''),
    '',
  ].join('\n');
  let body = '';
  let shown = 0;
  for (const doc of corpus.documents) {
    const meta = [doc.source, doc.date, `${doc.passages.length} passage${doc.passages.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
    const line = `• **${escapeMarkdown(truncate(doc.title, 200))}** — ${escapeMarkdown(meta)}\n`;
    // Room for the "…and N more" line that replaces whatever does not fit.
    if (head.length + body.length + line.length > LIMITS.description - 40) break;
    body += line;
    shown++;
  }
  if (shown < corpus.documents.length) body += `…and ${corpus.documents.length - shown} more`;
  if (!corpus.documents.length) body = 'The corpus is empty: add .txt, .md or .jsonl files to the corpus folder and restart.';
  return {
    embeds: [{ color: COLOR.info, title: 'Corpus', description: (head + '\n' + body).trimEnd() }],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}

export function renderHelp(): Reply {
  const description = [
    'I answer questions from a fixed set of documents with a short answer and the passage it came from, quoted word for word. If the documents do not say, I say so.',
    '',
    '**Ask**',
    '`/ask question:` any question — `/ask Who is the Taliban\'s interior minister?`',
    '`/who` `/what` `/how-much` `/when` `/where` — fix the kind of answer, so a few words are enough: `/when zawahiri killed`',
    'Add `private: True` to see the answer only yourself.',
    'Ask for a fact (who, what, when, where, which, how much, why, how): I quote answers, so a yes/no question gets a hint instead.',
    'The % beside an answer is how likely it is to be exactly right. When I am not sure, I say so and show the passage that may answer it, with the likely words in bold.',
    '',
    '**Read**',
    '`/source passage:` a whole passage (start typing a title to pick one)',
    '`/corpus` the documents I know and when they were loaded',
    '',
    '**Elsewhere**',
    'Mention me with a question, or DM me. In a DM, or replying to my answer, a short follow-up like "and when?" asks about the same thing.',
    '',
    'Under each answer: **Full passage**, **Other sources**, and 👍 / 👎 to tell me whether it helped.',
  ].join('\n');
  return { embeds: [{ color: COLOR.info, title: 'Dossier — help', description }], components: [], allowedMentions: NO_MENTIONS };
}

export function cooldownNotice(retryAt: Date): Reply {
  return notice(`You're asking faster than I can keep up with — try again ${time(retryAt, TimestampStyles.RelativeTime)}.`);
}

/** The engine gave up on the question at its hard limit (ENGINE_TIMEOUT_SECONDS). */
export function tooLongNotice(limitMs: number): Reply {
  return notice(
    `That question took too long to answer (over ${Number((limitMs / 1000).toFixed(1))} s), so I stopped working on it. Try asking it more simply, with fewer words.`,
  );
}

/** The queue is full (ENGINE_QUEUE_LIMIT), or the question waited its whole budget (ENGINE_WAIT_MINUTES). */
export function busyNotice(): Reply {
  return notice("I'm busy answering a lot of questions right now — please try again shortly.");
}

/** The asker already has ENGINE_QUEUE_PER_USER questions waiting. */
export function tooManyWaitingNotice(cap: number): Reply {
  return notice(`You already have ${cap} question${cap === 1 ? '' : 's'} waiting for an answer — ask this one again once they're answered.`);
}

export const ERROR_TEXT = 'Something went wrong while answering that. It has been logged; please try again in a moment.';
