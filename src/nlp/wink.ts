import winkNLP from 'wink-nlp';
import { lexemesOf, loadModel, type Annotation } from './model.js';

// Sentiment and negation are not used; leaving them out of the pipe makes analysis cheaper.
const PIPE = ['sbd', 'pos', 'ner', 'cer'] as const satisfies readonly Annotation[];
const model = loadModel(PIPE);

/**
 * The one winkNLP instance of the process. Custom entity patterns only take effect in the
 * first instance created, so every module must share this one rather than calling winkNLP().
 */
export const nlp = winkNLP(model, [...PIPE]);
export const its = nlp.its;

/** Porter2 stemmer shipped inside the model; reused so index and question stem identically. */
export const stemWord: (word: string) => string = (model as unknown as { addons: { stem(w: string): string } }).addons.stem;

// Name shapes the lite model has no entity type for: hyphen-joined proper names
// ("al-Zawahiri", "Hans-Jakob Schindler", "Tehrik-i-Taliban Pakistan").
nlp.learnCustomEntities([
  {
    name: 'HYPHEN_NAME',
    patterns: ['[PROPN] [-] [PRON|ADJ|NOUN|PROPN|DET|ADP] [-] [PROPN] [PROPN]', '[PROPN] [-] [PRON|ADJ|NOUN|PROPN|DET|ADP] [-] [PROPN]', '[PROPN|NOUN|ADJ] [-] [PROPN] [PROPN]', '[PROPN|NOUN|ADJ] [-] [PROPN]'],
  },
]);

/**
 * wink numbers its lexicon's words first and gives words it has never seen the next free ids,
 * so the id of a nonsense word read before any other text marks where the lexicon ends.
 * Spelling tolerance uses it: "intrior" is no English word and may be fixed; "founded" is one
 * and must not be "fixed" into "funded".
 */
export const LEXICON_SIZE: number = Number(nlp.readDoc('qxzqvjqxzk').tokens().itemAt(0).out(its.uniqueId));

/**
 * wink learns every word it has not seen into its vocabulary and, once learned, no longer
 * splits it: after reading "Capone's" whole somewhere, it reads "Capone's rise" as two tokens
 * where a fresh instance reads three. So how a text was read depended on everything the
 * process had read before (which questions came first, which passages a worker had warmed
 * up). Words learned since start-up are forgotten before each text is read, which makes every
 * analysis a function of its text alone: the index can analyse passages ahead of time, in any
 * order and on any thread, and get what answering would. (wink keeps a forgotten word's slot
 * and learns it again under a new one: a few dozen bytes per word, per text that uses it.)
 */
const lexemes = lexemesOf(model);
let forgetFrom = lexemes.list.length;
/** Words learned before the first readDocAfresh (the nonsense word above): never forgotten. */
const KEPT = forgetFrom;

/** Reads `text` with a vocabulary as at start-up (see above). */
export function readDocAfresh(text: string): ReturnType<typeof nlp.readDoc> {
  const { hash, list } = lexemes;
  for (let i = forgetFrom; i < list.length; i++) if (hash[list[i]!] === i) delete hash[list[i]!];
  forgetFrom = list.length;
  return nlp.readDoc(text);
}

const entries = new Map<string, { lexical: boolean; pos: string }>();

/**
 * How the lexicon knows a word written in lower case: whether it is an English word at all, and
 * its usual tag. Ids are case-sensitive, so "Agree" or "BIG" look unknown until lower-cased.
 * Memoised: a corpus repeats its capitalised words.
 */
export function lexiconEntry(word: string): { lexical: boolean; pos: string } {
  const lower = word.toLowerCase();
  let entry = entries.get(lower);
  if (!entry) {
    const token = readDocAfresh(lower).tokens().itemAt(0);
    entry = { lexical: Number(token.out(its.uniqueId)) < LEXICON_SIZE, pos: String(token.out(its.pos)) };
    if (entries.size < 200_000) entries.set(lower, entry);
  }
  return entry;
}

const LOWER_LETTERS = /^[a-z]+$/;

/**
 * lexiconEntry(word).lexical without reading a document whenever the lexicon alone decides it:
 * reading `word` in lower case (no spaces in a token) finds it in the lexeme table first and takes
 * it whole, its id that entry's, kept or not; a run of lower-case letters the table does not hold
 * (or holds only as a word learned since the last text, which readDocAfresh forgets first) is
 * read as one new word, whose id is past the lexicon. Other words are read as lexiconEntry reads
 * them. Passages past ANALYSE_UP_TO call this for every capitalised word not in the lexicon, and
 * a document read per new name was a tenth of analysing a passage.
 */
export function isLexicalWord(word: string): boolean {
  const lower = word.toLowerCase();
  const known = entries.get(lower);
  if (known) return known.lexical;
  const id = lexemes.hash[lower];
  if (id !== undefined && id < KEPT) return id < LEXICON_SIZE;
  if (LOWER_LETTERS.test(lower)) return false;
  return lexiconEntry(word).lexical;
}
