import type { Corpus } from '../corpus/types.js';
import type { Engine, EngineOptions } from '../engine.js';

/**
 * How a worker builds its engine. It crosses a thread boundary by structured clone, so it
 * holds data only: the corpus itself (every worker answers from the very passages the main
 * thread cites, even if the files change on disk meanwhile) and serialisable options.
 */
export interface EngineSpec {
  /** The corpus to index in the worker; absent when a factory brings its own (a snapshot). */
  corpus?: Corpus;
  options?: Pick<EngineOptions, 'threshold' | 'eagerLimit'>;
  /**
   * URL of a module exporting `buildEngine(spec)`, used instead of the default: tests plug in
   * engines that misbehave on purpose, and a persisted index snapshot can be loaded here.
   */
  factory?: string;
  /** Whatever that factory needs (structured-cloneable). */
  data?: unknown;
}

export type BuildEngine = (spec: EngineSpec) => Engine | Promise<Engine>;

/** The one place that decides what a worker builds. */
export async function buildEngine(spec: EngineSpec): Promise<Engine> {
  if (!spec.factory) {
    if (!spec.corpus) throw new Error('an engine spec needs a corpus or a factory');
    const { createEngine } = await import('../engine.js');
    return createEngine(spec.corpus, spec.options);
  }
  const mod = (await import(spec.factory)) as { buildEngine?: BuildEngine };
  if (typeof mod.buildEngine !== 'function') throw new Error(`${spec.factory} does not export buildEngine(spec)`);
  return mod.buildEngine(spec);
}
