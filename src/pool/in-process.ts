import type { Engine } from '../engine.js';
import type { AsyncEngine } from './types.js';

/**
 * A synchronous engine behind the async interface, answering on the caller's thread: for the
 * REPL and CLI, where one person waits for one answer, and for tests that watch the engine.
 */
export function inProcess(engine: Engine): AsyncEngine {
  return {
    corpus: engine.corpus,
    loadedAt: engine.loadedAt,
    ask: async (question, options) => engine.ask(question, options),
    restoreCase: (text) => engine.restoreCase(text),
    backlog: () => 0,
    ready: async () => undefined,
    close: async () => undefined,
  };
}
