import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { openSnapshot } from './index/snapshot.js';
import type { LoadedIndex } from './index/load-or-build.js';
import type { EngineSpec } from './pool/spec.js';

/** What a worker thread receives to answer from a snapshot: the buffer crosses threads shared, not copied. */
export interface SnapshotEngineSpec {
  data?: unknown;
  options?: Omit<EngineOptions, 'index' | 'explain' | 'now'>;
}

/**
 * An engine over a snapshot buffer opened in this thread: `{ data: { buffer: snapshot.buffer } }`
 * from the main thread's `loadOrBuild()`. The corpus and index are views over that buffer; the
 * worker neither copies the passages nor builds an index. The signature fits a worker pool's
 * `buildEngine(spec)` factory module.
 */
export function buildEngine(spec: SnapshotEngineSpec): Engine {
  const buffer = (spec.data as { buffer?: unknown } | undefined)?.buffer;
  if (!(buffer instanceof SharedArrayBuffer || buffer instanceof ArrayBuffer)) throw new Error('buildEngine: spec.data.buffer must be the snapshot buffer');
  const { corpus, index } = openSnapshot(buffer);
  return createEngine(corpus, { ...spec.options, index });
}

/** What a worker pool hands its workers to answer from `loaded`'s snapshot: this module as the factory, the buffer as data. */
export function snapshotSpec(loaded: LoadedIndex, options: EngineSpec['options'] = {}): EngineSpec {
  return { factory: import.meta.url, data: { buffer: loaded.snapshot.buffer }, options };
}
