import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Model } from 'wink-nlp';
import featureFn from 'wink-eng-lite-web-model/dist/feature.js';
import loadCerMetaModel from 'wink-eng-lite-web-model/dist/load-cer-meta-model.js';
import loadNerModel from 'wink-eng-lite-web-model/dist/load-ner-model.js';
import loadPosModel from 'wink-eng-lite-web-model/dist/load-pos-model.js';
import loadSbdModel from 'wink-eng-lite-web-model/dist/load-sbd-model.js';
import lemmatize from 'wink-eng-lite-web-model/dist/lemmatize.js';
import stem from 'wink-eng-lite-web-model/dist/porter-stemmer.js';
import readabilityStats from 'wink-eng-lite-web-model/dist/readability-stats.js';

/**
 * wink-eng-lite-web-model, assembled from its own parts except for the core lexicon, which is
 * read here in one pass. The package's loader is written for browsers: it parses the 3 MB core
 * JSON when the module is required, deep-copies it (JSON.parse(JSON.stringify())) and decodes
 * the packed lexicon from base64 a character at a time. That was ~60% of a cold start before
 * the first answer. This builds the identical object (tests/nlp/model.test.ts compares it with
 * the package's own loader) with one JSON.parse and a native base64 decode.
 */

// Resolved, not imported: the core JSON is read below as text, once.
const CORE_JSON = 'wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json';

interface CoreModel {
  packing: { layout: Record<string, number[]>; efList?: string[] };
  features: Record<string, { list: string[]; hash?: Record<string, number>; intrinsicSize?: number; index?: number; maxIndex?: number }>;
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
  [key: string]: unknown;
}

/** A fresh, exactly sized ArrayBuffer: wink views it as 32-bit words, and Buffer's pool slices may be unaligned. */
function wordsFromBase64(data: string): Uint32Array {
  const bytes = Buffer.from(data, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}

/** Same result as the package's load-core-model.js + read-core-model.js. */
export function loadCoreModel(): CoreModel {
  const file = createRequire(import.meta.url).resolve(CORE_JSON);
  const model = JSON.parse(readFileSync(file, 'utf8')) as CoreModel;
  const { packing, features, pos } = model;
  model.lexicon = wordsFromBase64(model.lexicon as string);
  model.xpansions = wordsFromBase64(model.xpansions as string);
  for (const f in packing.layout) {
    if (packing.layout[f]![3] !== 0) continue;
    features[f]!.hash = indexOf(features[f]!.list);
  }
  features.lexeme!.hash = lexemeIndex(features.lexeme!.list);
  const clusters = features.posClusters!.list as unknown as Array<string | Set<number>>;
  for (let k = 0; k < clusters.length; k++) {
    clusters[k] = new Set((clusters[k] as string).split('_').map((e) => pos.hash[e] || 0));
  }
  packing.efList = [];
  for (const f in packing.layout) {
    const layout = packing.layout[f]!;
    if (layout[3] === 0) {
      const feature = features[f]!;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = layout[1]! >>> layout[2]!;
    }
    if (layout[4] === 1) packing.efList.push(f);
  }
  features.lexeme!.intrinsicSize = features.lexeme!.list.length;
  features.lexeme!.index = features.lexeme!.list.length;
  return model;
}

function indexOf(list: readonly string[]): Record<string, number> {
  const hash: Record<string, number> = Object.create(null);
  for (let k = 0; k < list.length; k++) hash[list[k]!] = k;
  return hash;
}

/** Words not in the lexicon remembered at most (a few dozen bytes each); then forgotten and learned again. */
const ABSENT_LIMIT = 200_000;

/** Adjacent pairs checked at load before trusting the lexeme list's order (all of them are checked in the tests). */
const ORDER_SAMPLES = 1000;

/** wink's lexeme list (after its out-of-vocabulary marker at 0) is sorted by lower case, then as written. */
function lexemeOrder(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isLexemeListSorted(list: readonly string[], samples = Infinity): boolean {
  const pairs = list.length - 2;
  const step = Math.max(1, Math.floor(pairs / samples));
  for (let i = 1; i + 1 < list.length; i += step) if (lexemeOrder(list[i]!, list[i + 1]!) >= 0) return false;
  return true;
}

/**
 * The lexeme → index table wink reads as `hash[word]` and extends as `hash[word] = index`.
 * Filling a plain object with all 87,593 lexemes took about a third of a cold start, so
 * this answers the same questions by binary search over the already sorted list, and
 * remembers each word it has found or been given: text repeats its words, so most lookups
 * are one Map read. A list in some other order (another model version) gets the plain object.
 */
export function lexemeIndex(list: readonly string[]): Record<string, number> {
  if (!isLexemeListSorted(list, ORDER_SAMPLES)) return indexOf(list);
  const seen = new Map<string, number>();
  // Words the list does not hold, remembered too: names and numbers are looked up again with
  // every text that uses them, since learned words are forgotten before each text (wink.ts).
  const absent = new Set<string>();
  const intrinsic = list.length;
  // Each lexeme's lower case, made when a search first compares with it.
  const lower: Array<string | undefined> = new Array(intrinsic);
  const search = (word: string): number | undefined => {
    if (word === list[0]) return 0;
    const y = word.toLowerCase();
    let lo = 1;
    let hi = intrinsic - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      // lexemeOrder(list[mid], word), with both lower cases made once.
      const a = list[mid]!;
      const x = (lower[mid] ??= a.toLowerCase());
      const c = x !== y ? (x < y ? -1 : 1) : a < word ? -1 : a > word ? 1 : 0;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const find = (word: string): number | undefined => {
    let index = seen.get(word);
    if (index === undefined) {
      if (absent.has(word)) return undefined;
      index = search(word);
      if (index !== undefined) seen.set(word, index);
      else {
        if (absent.size >= ABSENT_LIMIT) absent.clear();
        absent.add(word);
      }
    }
    return index;
  };
  return new Proxy(Object.create(null) as Record<string, number>, {
    get: (_, key) => (typeof key === 'string' ? find(key) : undefined),
    set: (_, key, value: number) => {
      if (typeof key !== 'string') return false;
      seen.set(key, value);
      return true;
    },
    // Only learned words are ever forgotten (wink.ts readDocAfresh); the lexicon's own stay findable.
    deleteProperty: (_, key) => (typeof key === 'string' ? seen.delete(key) || true : false),
    has: (_, key) => typeof key === 'string' && find(key) !== undefined,
    ownKeys: () => [...new Set([...list.slice(0, intrinsic), ...seen.keys()])],
    getOwnPropertyDescriptor: (_, key) => {
      const value = typeof key === 'string' ? find(key) : undefined;
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
}

const cores = new WeakMap<object, CoreModel>();

/** The lexeme feature (hash and list) of the core model winkNLP() loaded from `model`: what it learns new words into. */
export function lexemesOf(model: Model): { hash: Record<string, number>; list: string[] } {
  const core = cores.get(model as object);
  if (!core?.features.lexeme?.hash) throw new Error('lexemesOf: the model has not been loaded by winkNLP()');
  return core.features.lexeme as { hash: Record<string, number>; list: string[] };
}

/** The annotations a winkNLP pipe can ask for. */
export type Annotation = 'sbd' | 'pos' | 'ner' | 'cer' | 'negation' | 'sentiment';
const ALL: readonly Annotation[] = ['sbd', 'pos', 'ner', 'cer', 'negation', 'sentiment'];

/** wink's own empty machine (automaton.js emptyModelJSON()): it recognises nothing. */
const EMPTY_MACHINE = '[100,0,{"0":{}},{},{},{}]';
const unused = () => ({ machines: [EMPTY_MACHINE], setter: () => undefined });

/**
 * The model object winkNLP() takes, as the package's dist/model.js builds it, with the fast
 * core. winkNLP() builds the negation and sentiment machines whatever the pipe; when the pipe
 * leaves them out they get an empty machine instead, and their data (the sentiment lexicon
 * is a third of the CLI bundle) is never read. Pass the same pipe to winkNLP().
 */
export function loadModel(pipe: readonly Annotation[] = ALL): Model {
  // Required, not imported, so that a bundle leaves them out unless a pipe asks for them.
  const required = (file: string) => createRequire(import.meta.url)(`wink-eng-lite-web-model/dist/${file}`) as unknown;
  const addons = Object.create(null);
  addons.stem = stem;
  addons.lemmatize = lemmatize;
  addons.readabilityStats = readabilityStats;
  addons.wordVectors = undefined;
  const model = Object.create(null);
  model.core = () => {
    const core = loadCoreModel();
    cores.set(model, core);
    return core;
  };
  model.sbd = loadSbdModel;
  model.pos = loadPosModel;
  model.ner = loadNerModel;
  model.negation = pipe.includes('negation') ? required('load-negation-model.js') : unused;
  model.sa = pipe.includes('sentiment') ? required('load-sa-model.js') : unused;
  model.metaCER = loadCerMetaModel;
  model.featureFn = featureFn;
  model.addons = addons;
  return model as Model;
}
