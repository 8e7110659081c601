import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Model } from 'wink-nlp';

/**
 * wink-eng-lite-web-model, assembled from its own parts except for the core lexicon, which is
 * read here in one pass. The package's loader is written for browsers: it parses the 3 MB core
 * JSON when the module is required, deep-copies it (JSON.parse(JSON.stringify())) and decodes
 * the packed lexicon from base64 a character at a time. That was ~60% of a cold start before
 * the first answer. This builds the identical object (tests/nlp/model.test.ts compares it with
 * the package's own loader) with one JSON.parse and a native base64 decode.
 */

const require = createRequire(import.meta.url);
const PACKAGE = 'wink-eng-lite-web-model';
const part = <T = unknown>(file: string): T => require(`${PACKAGE}/dist/${file}`) as T;

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
  const file = require.resolve(`${PACKAGE}/dist/languages/cur/models/eng-core-web-model.json`);
  const model = JSON.parse(readFileSync(file, 'utf8')) as CoreModel;
  const { packing, features, pos } = model;
  model.lexicon = wordsFromBase64(model.lexicon as string);
  model.xpansions = wordsFromBase64(model.xpansions as string);
  for (const f in packing.layout) {
    if (packing.layout[f]![3] !== 0) continue;
    features[f]!.hash = indexOf(features[f]!.list);
  }
  features.lexeme!.hash = indexOf(features.lexeme!.list);
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

/** The model object winkNLP() takes, as the package's dist/model.js builds it, with the fast core. */
export function loadModel(): Model {
  const addons = Object.create(null);
  addons.stem = part('porter-stemmer.js');
  addons.lemmatize = part('lemmatize.js');
  addons.readabilityStats = part('readability-stats.js');
  addons.wordVectors = undefined;
  const model = Object.create(null);
  model.core = loadCoreModel;
  model.sbd = part('load-sbd-model.js');
  model.pos = part('load-pos-model.js');
  model.ner = part('load-ner-model.js');
  model.negation = part('load-negation-model.js');
  model.sa = part('load-sa-model.js');
  model.metaCER = part('load-cer-meta-model.js');
  model.featureFn = part('feature.js');
  model.addons = addons;
  return model as Model;
}
