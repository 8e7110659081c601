import { parentPort, workerData } from 'node:worker_threads';
import type { AskMessage, WorkerMessage } from './protocol.js';
import { buildEngine, type EngineSpec } from './spec.js';

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
