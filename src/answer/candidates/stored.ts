/**
 * Every passage's candidate spans, extracted when the index is built and kept as typed arrays
 * in the snapshot: they depend on the passage and the corpus's vocabulary, never on the
 * question, and extracting them was a third of what reading a passage for the first time cost.
 *
 * Per candidate FIELDS numbers, all Uint16 when every value of the corpus fits (one passage
 * is at most a few thousand characters by default), else Int32. The few acronyms that
 * expansions spell out are a string table of their own.
 */
import type { TextAnalysis } from '../../nlp/analyse.js';
import { buildStringTable, StringTable, type StringTableArrays } from '../../index/strings.js';
import { candidate, extractCandidates, SPAN_KINDS, type Candidate, type ExtractOptions, type SpanKind } from './index.js';

export interface CandidateArrays {
  /** Passage i's candidates are offsets[i]..offsets[i+1]. */
  offsets: Uint32Array;
  /** FIELDS numbers per candidate (see encode). */
  fields: Uint16Array | Int32Array;
  expands: StringTableArrays;
}

export interface StoredCandidates {
  readonly passages: number;
  /** Passage i's candidates, equal to extractCandidates' for its analysis. */
  candidates(i: number): Candidate[];
}

const FIELDS = 11;
const COORDINATED = 1;
const SOURCE = 2;
const SUBJECT = 4;
const EXPANDS = 8;
const POSSESSIVE_CUT = 16;
const FLAG_BITS = 5;
/** Every field a Candidate may have; one not stored would be lost between extraction and answering, so building refuses it. */
const KNOWN = new Set(['kind', 'first', 'last', 'start', 'end', 'sentence', 'anchor', 'head', 'coordinated', 'expands', 'subject', 'source', 'possessiveCut']);
const KIND_ID = new Map<SpanKind, number>(SPAN_KINDS.map((k, i) => [k, i]));

/** Extracts and encodes the candidates of passages 0..count-1; `analysis(i)` is passage i's analysis. */
export function buildCandidateArrays(count: number, analysis: (i: number) => TextAnalysis, source: (i: number) => string | null, opts: ExtractOptions): CandidateArrays {
  const offsets = new Uint32Array(count + 1);
  const values: number[] = [];
  const expands = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    for (const c of extractCandidates(analysis(i), opts, { source: source(i) })) {
      for (const key in c) if (!KNOWN.has(key)) throw new Error(`candidate field ${key} is not stored: add it to src/answer/candidates/stored.ts`);
      let flags = 0;
      if (c.coordinated) flags |= COORDINATED;
      if (c.source) flags |= SOURCE;
      if (c.subject) flags |= SUBJECT;
      if (c.expands !== undefined) flags |= EXPANDS;
      if (c.possessiveCut) flags |= POSSESSIVE_CUT;
      let e = 0;
      if (c.expands !== undefined) {
        e = expands.get(c.expands) ?? expands.size;
        expands.set(c.expands, e);
      }
      const row = [(KIND_ID.get(c.kind)! << FLAG_BITS) | flags, c.first, c.last, c.start, c.end, c.sentence, c.anchor, c.head + 1, c.subject ? c.subject[0] : 0, c.subject ? c.subject[1] : 0, e];
      if (row.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`candidate cannot be stored: ${JSON.stringify(c)}`);
      // A flag is true or undefined, never false: it is stored as one bit, read back as true or undefined.
      if (c.coordinated === false || c.source === false || c.possessiveCut === false || (c.subject !== undefined && !c.subject)) throw new Error(`candidate cannot be stored: ${JSON.stringify(c)}`);
      values.push(...row);
    }
    offsets[i + 1] = values.length / FIELDS;
  }
  const wide = values.some((v) => v > 0xffff);
  return { offsets, fields: wide ? Int32Array.from(values) : Uint16Array.from(values), expands: buildStringTable([...expands.keys()]) };
}

export function openCandidates(arrays: CandidateArrays): StoredCandidates {
  const { offsets, fields } = arrays;
  const table = new StringTable(arrays.expands);
  return {
    passages: offsets.length - 1,
    candidates(i) {
      const out: Candidate[] = [];
      for (let k = offsets[i]! * FIELDS, end = offsets[i + 1]! * FIELDS; k < end; k += FIELDS) {
        const flags = fields[k]! & ((1 << FLAG_BITS) - 1);
        out.push(
          candidate(SPAN_KINDS[fields[k]! >> FLAG_BITS]!, fields[k + 1]!, fields[k + 2]!, fields[k + 3]!, fields[k + 4]!, fields[k + 5]!, fields[k + 6]!, fields[k + 7]! - 1, {
            coordinated: flags & COORDINATED ? true : undefined,
            expands: flags & EXPANDS ? table.get(fields[k + 10]!) : undefined,
            subject: flags & SUBJECT ? [fields[k + 8]!, fields[k + 9]!] : undefined,
            source: flags & SOURCE ? true : undefined,
            possessiveCut: flags & POSSESSIVE_CUT ? true : undefined,
          }),
        );
      }
      return out;
    },
  };
}
