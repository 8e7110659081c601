/**
 * Every passage's wink analysis (tokens, lemmas, tags, sentences, entities), computed when the
 * index is built and kept as typed arrays in the snapshot, so answering never runs wink on a
 * passage, and worker threads sharing the snapshot share the analyses too.
 *
 * Per token 12 bytes: its text and lemma as ids into one string table, and four small numbers
 * (POS tag, token kind, the Title Case re-tag, flags). Offsets are not stored: a token's text
 * is found in the passage from the previous token on, exactly as analyseText finds it. Its
 * folded form and index term are pure functions of its text, kept per distinct string (8 bytes
 * each) so that reading passages back stems nothing: stemming every distinct word again was
 * most of what a process paid the first time it read a passage.
 */
import { analysePassage, type Sentence, type Span, type TextAnalysis, type Token } from '../nlp/analyse.js';
import { foldWord, termOf } from '../nlp/terms.js';
import { buildStringTable, StringTable, type StringTableArrays } from './strings.js';
import { U32 } from './growable.js';

export interface AnalysisArrays {
  /** Token texts and lemmas. */
  strings: StringTableArrays;
  /** POS tags, token kinds and entity types; ids fit a byte. */
  labels: StringTableArrays;
  /** Passage i's tokens are tokenOffsets[i]..tokenOffsets[i+1]; likewise sentences and entities. */
  tokenOffsets: Uint32Array;
  text: Uint32Array;
  lemma: Uint32Array;
  /** TAGS bytes per token: POS label, kind label, 1 + Title Case POS label (0: none), flags. */
  tags: Uint8Array;
  sentenceOffsets: Uint32Array;
  /** first, last token per sentence. */
  sentences: Uint32Array;
  entityOffsets: Uint32Array;
  /** type label, first, last token per entity. */
  entities: Uint32Array;
  /** Per string of `strings`: the id of its folded form (foldWord) and of its index term (termOf), so reading a passage back stems nothing. */
  folded: Uint32Array;
  term: Uint32Array;
}

const TAGS = 4;
const SPACED = 1;
const LEXICAL = 2;

/** The analyses of a run of passages with their own string lists: what one thread makes, merged by mergeAnalyses. */
export interface AnalysisPart {
  strings: string[];
  labels: string[];
  tokens: number[] | Uint32Array;
  text: Uint32Array;
  lemma: Uint32Array;
  tags: Uint8Array;
  sentenceCounts: Uint32Array;
  sentences: Uint32Array;
  entityCounts: Uint32Array;
  entities: Uint32Array;
}

/** Analyses passages one after another into an AnalysisPart. */
export class AnalysisWriter {
  private readonly strings = new Map<string, number>();
  private readonly labels = new Map<string, number>();
  private readonly tokenCounts = new U32();
  private readonly text = new U32();
  private readonly lemma = new U32();
  private tags = new Uint8Array(4096);
  private readonly sentenceCounts = new U32();
  private readonly sentences = new U32();
  private readonly entityCounts = new U32();
  private readonly entities = new U32();

  add(a: TextAnalysis): void {
    const n = a.tokens.length;
    this.tokenCounts.push(n);
    let at = this.text.length * TAGS;
    while (this.tags.length < at + n * TAGS) {
      const next = new Uint8Array(this.tags.length * 2);
      next.set(this.tags);
      this.tags = next;
    }
    for (const t of a.tokens) {
      this.text.push(this.string(t.text));
      this.lemma.push(this.string(t.lemma));
      this.tags[at] = this.label(t.pos);
      this.tags[at + 1] = this.label(t.kind);
      this.tags[at + 2] = t.plainPos === undefined ? 0 : this.label(t.plainPos) + 1;
      this.tags[at + 3] = (t.spaced ? SPACED : 0) | (t.lexical ? LEXICAL : 0);
      at += TAGS;
    }
    this.sentenceCounts.push(a.sentences.length);
    for (const s of a.sentences) {
      this.sentences.push(s.first);
      this.sentences.push(s.last);
    }
    this.entityCounts.push(a.entities.length);
    for (const e of a.entities) {
      this.entities.push(this.label(e.type));
      this.entities.push(e.first);
      this.entities.push(e.last);
    }
  }

  finish(): AnalysisPart {
    return {
      strings: [...this.strings.keys()],
      labels: [...this.labels.keys()],
      tokens: this.tokenCounts.done(),
      text: this.text.done(),
      lemma: this.lemma.done(),
      tags: this.tags.slice(0, this.text.length * TAGS),
      sentenceCounts: this.sentenceCounts.done(),
      sentences: this.sentences.done(),
      entityCounts: this.entityCounts.done(),
      entities: this.entities.done(),
    };
  }

  private string(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) this.strings.set(s, (id = this.strings.size));
    return id;
  }

  private label(s: string): number {
    let id = this.labels.get(s);
    if (id === undefined) {
      // One byte per label, and 0 of the Title Case tag means "none": 254 labels at most.
      if (this.labels.size >= 254) throw new Error(`analyses: more than 254 distinct tags (${s})`);
      this.labels.set(s, (id = this.labels.size));
    }
    return id;
  }
}

/** Passages as the analyser needs them. */
export type AnalysisInput = ReadonlyArray<{ text: string; source: string | null }>;

/** Analyses passages in this thread. */
export function analysePart(passages: AnalysisInput, onPassage?: (done: number) => void): AnalysisPart {
  const writer = new AnalysisWriter();
  passages.forEach((p, i) => {
    writer.add(analysePassage(p.text, p.source));
    onPassage?.(i + 1);
  });
  return writer.finish();
}

/** The parts of consecutive runs of passages, in order, as one set of arrays with one string table. */
export function mergeAnalyses(parts: readonly AnalysisPart[]): AnalysisArrays {
  const strings = new Map<string, number>();
  const labels = new Map<string, number>();
  const intern = (map: Map<string, number>, list: readonly string[]) =>
    Uint32Array.from(list, (s) => {
      let id = map.get(s);
      if (id === undefined) map.set(s, (id = map.size));
      return id;
    });
  const sum = (f: (p: AnalysisPart) => { length: number }) => parts.reduce((n, p) => n + f(p).length, 0);
  const passages = sum((p) => p.sentenceCounts);
  const tokens = sum((p) => p.text);
  const out: AnalysisArrays = {
    strings: { bytes: new Uint8Array(0), offsets: new Uint32Array(0), slots: new Uint32Array(0) },
    labels: { bytes: new Uint8Array(0), offsets: new Uint32Array(0), slots: new Uint32Array(0) },
    tokenOffsets: new Uint32Array(passages + 1),
    text: new Uint32Array(tokens),
    lemma: new Uint32Array(tokens),
    tags: new Uint8Array(tokens * TAGS),
    sentenceOffsets: new Uint32Array(passages + 1),
    sentences: new Uint32Array(sum((p) => p.sentences)),
    entityOffsets: new Uint32Array(passages + 1),
    entities: new Uint32Array(sum((p) => p.entities)),
    folded: new Uint32Array(0),
    term: new Uint32Array(0),
  };
  let passage = 0;
  let token = 0;
  let sentence = 0;
  let entity = 0;
  for (const part of parts) {
    const s = intern(strings, part.strings);
    const l = intern(labels, part.labels);
    for (let k = 0; k < part.text.length; k++) {
      out.text[token + k] = s[part.text[k]!]!;
      out.lemma[token + k] = s[part.lemma[k]!]!;
      const at = (token + k) * TAGS;
      const from = k * TAGS;
      out.tags[at] = l[part.tags[from]!]!;
      out.tags[at + 1] = l[part.tags[from + 1]!]!;
      out.tags[at + 2] = part.tags[from + 2] ? l[part.tags[from + 2]! - 1]! + 1 : 0;
      out.tags[at + 3] = part.tags[from + 3]!;
    }
    out.sentences.set(part.sentences, sentence);
    for (let k = 0; k < part.entities.length; k += 3) {
      out.entities[entity + k] = l[part.entities[k]!]!;
      out.entities[entity + k + 1] = part.entities[k + 1]!;
      out.entities[entity + k + 2] = part.entities[k + 2]!;
    }
    for (let i = 0; i < part.sentenceCounts.length; i++) {
      out.tokenOffsets[passage + i + 1] = out.tokenOffsets[passage + i]! + part.tokens[i]!;
      out.sentenceOffsets[passage + i + 1] = out.sentenceOffsets[passage + i]! + part.sentenceCounts[i]! * 2;
      out.entityOffsets[passage + i + 1] = out.entityOffsets[passage + i]! + part.entityCounts[i]! * 3;
    }
    passage += part.sentenceCounts.length;
    token += part.text.length;
    sentence += part.sentences.length;
    entity += part.entities.length;
  }
  // Each token's folded form and term, as more strings of the same table.
  const words = [...strings.keys()];
  const idOf = (w: string) => {
    let id = strings.get(w);
    if (id === undefined) strings.set(w, (id = strings.size));
    return id;
  };
  out.folded = Uint32Array.from(words, (w) => idOf(foldWord(w)));
  out.term = Uint32Array.from(words, (w) => idOf(termOf(w)));
  out.strings = buildStringTable([...strings.keys()]);
  out.labels = buildStringTable([...labels.keys()]);
  return out;
}

/** The stored analyses of a corpus, read back one passage at a time. */
export interface StoredAnalyses {
  readonly passages: number;
  /** Passage i's analysis, equal to analysePassage(text, source); `text` is the passage's text. */
  analysis(i: number, text: string): TextAnalysis;
}

export function openAnalyses(arrays: AnalysisArrays): StoredAnalyses {
  const table = new StringTable(arrays.strings);
  const labelTable = new StringTable(arrays.labels);
  const labels = Array.from({ length: labelTable.size }, (_, i) => labelTable.get(i));
  // Words repeat across passages: each is decoded from UTF-8 once.
  const decoded = new Array<string | undefined>(table.size);
  const str = (id: number) => (decoded[id] ??= table.get(id));
  const { tokenOffsets, text: texts, lemma, tags, sentenceOffsets, sentences: bounds, entityOffsets, entities: spans, folded, term } = arrays;
  return {
    passages: tokenOffsets.length - 1,
    analysis(i, text) {
      const tokens: Token[] = [];
      let cursor = 0;
      for (let k = tokenOffsets[i]!, end = tokenOffsets[i + 1]!; k < end; k++) {
        const id = texts[k]!;
        const value = str(id);
        // As analyseText found it: the next occurrence from the previous token's end.
        const found = text.indexOf(value, cursor);
        const start = found >= 0 ? found : cursor;
        const stop = found >= 0 ? start + value.length : cursor;
        const at = k * TAGS;
        const token: Token = {
          text: value,
          start,
          end: stop,
          folded: str(folded[id]!),
          term: str(term[id]!),
          lemma: str(lemma[k]!),
          pos: labels[tags[at]!]!,
          kind: labels[tags[at + 1]!]!,
          sentence: 0,
          spaced: (tags[at + 3]! & SPACED) !== 0,
          lexical: (tags[at + 3]! & LEXICAL) !== 0,
          plainPos: tags[at + 2] ? labels[tags[at + 2]! - 1]! : undefined,
        };
        tokens.push(token);
        cursor = stop;
      }
      const sentences: Sentence[] = [];
      for (let k = sentenceOffsets[i]!, end = sentenceOffsets[i + 1]!; k < end; k += 2) {
        const first = bounds[k]!;
        const last = bounds[k + 1]!;
        for (let t = first; t < last; t++) tokens[t]!.sentence = sentences.length;
        sentences.push({ first, last, start: tokens[first]!.start, end: tokens[last - 1]!.end });
      }
      const entities: Span[] = [];
      for (let k = entityOffsets[i]!, end = entityOffsets[i + 1]!; k < end; k += 3) entities.push({ type: labels[spans[k]!]!, first: spans[k + 1]!, last: spans[k + 2]! });
      return { text, tokens, sentences, entities };
    },
  };
}
