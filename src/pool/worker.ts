import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { POOL_DEFAULTS } from './defaults.js';
import type { AskMessage, WorkerMessage } from './protocol.js';
import { buildEngine, type EngineSpec } from './spec.js';
import { warmInIdleTime } from './warm.js';

yieldToEventLoop();

// A build failure throws here, which ends the worker with an 'error' the pool reports.
const engine = await buildEngine(workerData as EngineSpec);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

port.on('message', ({ id, question, options }: AskMessage) => {
  try {
    post({ kind: 'answer', id, answer: engine.ask(question, options) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ kind: 'failed', id, error: { name: e.name, message: e.message, stack: e.stack } });
  }
});
post({ kind: 'ready' });
// Warmed once ready, not before: a restart is ready as soon as before, and a question asked
// meanwhile waits for one slice of the warm-up, not for all of it.
warmInIdleTime(engine, POOL_DEFAULTS.warmSliceMs);

/**
 * On Linux a thread has its own nice value, and /proc/thread-self names this one: lowering it
 * lets the main thread win the CPU when both want it. Elsewhere this is a no-op.
 */
function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, POOL_DEFAULTS.workerNice);
  } catch {
    // Not Linux, or not permitted: the pool works the same, only with less headroom under load.
  }
}
