import type { Corpus } from '../corpus/types.js';
import type { Engine, EngineOptions } from '../engine.js';
import type { LoadedIndex } from '../index/load-or-build.js';

/**
 * How a worker builds its engine. It crosses a thread boundary by structured clone, so it
 * holds data only: the corpus itself (every worker answers from the very passages the main
 * thread cites, even if the files change on disk meanwhile), or the index snapshot's buffer
 * (shared, not copied), and serialisable options.
 */
export interface EngineSpec {
  /** The corpus to index in the worker. */
  corpus?: Corpus;
  /** An index snapshot's buffer (from loadOrBuild): the worker opens the corpus and index over it, building nothing. */
  snapshot?: SharedArrayBuffer | ArrayBuffer;
  options?: Pick<EngineOptions, 'threshold' | 'eagerLimit'>;
  /**
   * URL of a module exporting `buildEngine(spec)`, used instead of the above: tests plug in
   * engines that misbehave on purpose. The program itself never sets it, so no worker imports
   * a module above the pool.
   */
  factory?: string;
  /** Whatever that factory needs (structured-cloneable). */
  data?: unknown;
}

export type BuildEngine = (spec: EngineSpec) => Engine | Promise<Engine>;

/** What a worker pool hands its workers to answer from `loaded`'s snapshot. */
export function snapshotSpec(loaded: LoadedIndex, options: EngineSpec['options'] = {}): EngineSpec {
  return { snapshot: loaded.snapshot.buffer, options };
}

/** The one place that decides what a worker builds. */
export async function buildEngine(spec: EngineSpec): Promise<Engine> {
  if (spec.factory) {
    const mod = (await import(spec.factory)) as { buildEngine?: BuildEngine };
    if (typeof mod.buildEngine !== 'function') throw new Error(`${spec.factory} does not export buildEngine(spec)`);
    return mod.buildEngine(spec);
  }
  const { createEngine } = await import('../engine.js');
  if (spec.snapshot) {
    if (!(spec.snapshot instanceof SharedArrayBuffer || spec.snapshot instanceof ArrayBuffer)) throw new Error('spec.snapshot must be the snapshot buffer');
    const { openSnapshot } = await import('../index/snapshot.js');
    const { corpus, index } = openSnapshot(spec.snapshot);
    return createEngine(corpus, { ...spec.options, index });
  }
  if (!spec.corpus) throw new Error('an engine spec needs a corpus or a snapshot');
  return createEngine(spec.corpus, spec.options);
}
