import { sibling, startModuleWorker } from '../thread.js';
import type { BuildReply, BuildRequest } from './build-worker.js';
import type { LoadedIndex } from './load-or-build.js';
import { openSnapshot } from './snapshot.js';

/**
 * loadOrBuild on a thread of its own: indexing a large corpus takes seconds of synchronous
 * work, which on the main thread would stall the Discord connection and every reply meanwhile.
 */
export function loadOrBuildInWorker(request: BuildRequest): Promise<LoadedIndex> {
  return new Promise((resolve, reject) => {
    const worker = startModuleWorker(sibling(import.meta.url, 'build-worker'), { workerData: request });
    let settled = false;
    worker.once('message', (reply: BuildReply) => {
      settled = true;
      void worker.terminate();
      if (!reply.ok) return reject(new Error(reply.message));
      try {
        const snapshot = openSnapshot(reply.buffer);
        resolve({ snapshot, from: reply.from, notes: reply.notes, ms: reply.ms });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the index build thread stopped (exit code ${code})`));
      settled = true;
    });
  });
}
