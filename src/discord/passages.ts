import type { Passage } from '../corpus/types.js';
import { passageRef } from './ids.js';
import { truncate } from './render.js';

/** Discord's caps on autocomplete: 25 choices, names and values of at most 100 characters. */
export const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;
// Enough of the passage start to match on; autocomplete must answer within 3 s, always.
const HAYSTACK_TEXT_CHARS = 300;

export interface Choice {
  name: string;
  value: string;
}

/**
 * The passages, indexed once at start-up for /source: autocomplete over ids, titles and
 * opening words, and resolution of the refs that buttons and choices carry.
 */
export interface PassageIndex {
  resolve(input: string): Passage | undefined;
  complete(query: string, limit?: number): Choice[];
}

interface Entry {
  passage: Passage;
  choice: Choice;
  idTitle: string;
  haystack: string;
}

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
const tokens = (text: string) => fold(text).split(/[^\p{L}\p{N}#]+/u).filter(Boolean);

function choiceName(p: Passage): string {
  return truncate(`${p.title} ¶${p.paragraph} — ${p.text.replace(/\s+/g, ' ').trim()}`, MAX_CHOICE_CHARS);
}

export function createPassageIndex(passages: readonly Passage[]): PassageIndex {
  const byRef = new Map<string, Passage>();
  const entries: Entry[] = passages.map((passage) => {
    const ref = passageRef(passage.id);
    byRef.set(ref, passage);
    byRef.set(passage.id, passage);
    return {
      passage,
      choice: { name: choiceName(passage), value: ref },
      idTitle: fold(`${passage.id} ${passage.title}`),
      haystack: fold(`${passage.id} ${passage.title} ${passage.text.slice(0, HAYSTACK_TEXT_CHARS)}`),
    };
  });

  function complete(query: string, limit = MAX_CHOICES): Choice[] {
    const max = Math.min(limit, MAX_CHOICES);
    const q = fold(query.trim());
    if (!q) return entries.slice(0, max).map((e) => e.choice);
    const words = tokens(q);
    // Three tiers, each in corpus order: id prefix, then all words in id/title, then in text.
    const tiers: Entry[][] = [[], [], []];
    for (const e of entries) {
      const tier = e.passage.id.startsWith(q) ? 0 : words.every((w) => e.idTitle.includes(w)) ? 1 : words.every((w) => e.haystack.includes(w)) ? 2 : -1;
      if (tier >= 0 && tiers[tier]!.length < max) tiers[tier]!.push(e);
      if (tiers[0]!.length >= max) break;
    }
    return tiers.flat().slice(0, max).map((e) => e.choice);
  }

  return {
    complete,
    resolve(input) {
      const exact = byRef.get(input.trim());
      if (exact) return exact;
      // Typed rather than picked: take the best match, whose title the reply shows.
      const [best] = complete(input, 1);
      return best ? byRef.get(best.value) : undefined;
    },
  };
}
