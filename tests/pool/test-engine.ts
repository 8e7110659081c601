import { threadId } from 'node:worker_threads';
import type { Answer } from '../../src/answer/types.js';
import type { Engine } from '../../src/engine.js';
import type { EngineSpec } from '../../src/pool/spec.js';

/** What a test asks this engine to do at build time. */
export interface TestEngineData {
  failBuild?: string;
}

/**
 * An engine factory for pool tests, loaded inside the workers through `spec.factory`.
 * Questions are instructions: "sleep N" busy-waits N ms (synchronously, like a pathological
 * question), "crash" ends the worker, "throw" throws; anything else is echoed with the id of
 * the thread that answered it; "warm-ups" says how often the worker has called warmUp, which
 * is done after its third call.
 */
export function buildEngine(spec: EngineSpec): Engine {
  const data = (spec.data ?? {}) as TestEngineData;
  if (data.failBuild) throw new Error(data.failBuild);
  let warmUps = 0;
  return {
    corpus: spec.corpus ?? { documents: [], passages: [], warnings: [], hash: "none" },
    loadedAt: new Date(0),
    passage: () => undefined,
    search: () => [],
    restoreCase: (text) => text,
    warmUp: () => ++warmUps >= 3,
    ask({ text: question }): Answer {
      if (question === 'warm-ups') return { question, type: 'what', answer: `warm-ups ${warmUps}`, confidence: 1, citations: [], ms: 0 };
      const sleep = /^sleep (\d+)$/.exec(question);
      if (sleep) {
        const until = performance.now() + Number(sleep[1]);
        while (performance.now() < until) {
          // Busy on purpose: no timer or message can interrupt this thread.
        }
      }
      if (question === 'crash') process.exit(7);
      if (question === 'throw') throw new Error('boom');
      return { question, type: 'what', answer: `thread ${threadId}`, confidence: 1, citations: [], ms: 0 };
    },
  };
}

export const TEST_ENGINE = new URL('./test-engine.ts', import.meta.url).href;
