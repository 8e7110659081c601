import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { POOL_DEFAULTS } from './defaults.js';
import type { AskMessage, WorkerMessage } from './protocol.js';
import { buildEngine, type EngineSpec } from './spec.js';

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
warmUp();

/**
 * Passages are read ahead in slices once the worker is ready, not before: a question asked
 * meanwhile waits for one slice, not for the whole corpus. setImmediate lets the questions that
 * arrived during a slice run before the next one.
 */
function warmUp(): void {
  if (engine.warmUp && !engine.warmUp(performance.now() + POOL_DEFAULTS.warmSliceMs)) setImmediate(warmUp);
}

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
