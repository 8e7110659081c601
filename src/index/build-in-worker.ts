import { sibling, startModuleWorker } from '../thread.js';
import type { BuildMessage, BuildRequest } from './build-worker.js';
import type { LoadedIndex } from './load-or-build.js';
import { openSnapshot } from './snapshot.js';

/** What one build may spend before it is abandoned (a hostile file, a corpus far too big). */
export interface BuildBudget {
  /** Wall time, from the thread's start to its reply. */
  timeoutMs: number;
  /** How far the process's resident memory may grow over what it was when the build started, in MB. */
  memoryMb: number;
}

/**
 * How often a build's memory is looked at. The thread is watched from outside: a worker's own
 * heap limit (resourceLimits) is no budget, since one allocation past it (a 30-million-line
 * split) is a fatal error for the whole process, not just the thread.
 */
const MEMORY_CHECK_MS = 100;
const MB = 1024 * 1024;

/**
 * Defaults: a build analyses every passage with wink (1–5 ms a passage a core) only up to
 * ANALYSE_UP_TO passages (20,000 Wikipedia paragraphs: 34 s on a shared 2-core machine); a
 * larger corpus is indexed without it (166,000 paragraphs: about 16 s), and heaps stay under 1 GB
 * a thread. Five minutes and 4 GB leave room for slower machines and bigger folders, while a
 * file that would take a build thread forever or fill the machine's memory is stopped. The analysis threads are the build thread's own: stopping it stops them.
 */
export const DEFAULT_BUILD_BUDGET: Readonly<BuildBudget> = { timeoutMs: 5 * 60_000, memoryMb: 4096 };

/** A build stopped by its budget or by the caller; says which file it was reading. */
export class BuildAbandoned extends Error {}

/**
 * loadOrBuild on a thread of its own: indexing a large corpus takes seconds of synchronous
 * work, which on the main thread would stall the Discord connection and every reply meanwhile.
 * The thread is terminated when `signal` aborts or the budget runs out, so a build never holds
 * up a shutdown nor blocks the reloads after it.
 */
export function loadOrBuildInWorker(request: BuildRequest, options: { signal?: AbortSignal; budget?: BuildBudget } = {}): Promise<LoadedIndex> {
  const budget = options.budget ?? DEFAULT_BUILD_BUDGET;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new BuildAbandoned('the index build was cancelled'));
    const worker = startModuleWorker(sibling(import.meta.url, 'build-worker'), { workerData: request });
    const baseline = process.memoryUsage.rss();
    let reading: string | null = null;
    let settled = false;
    const where = () => (reading ? ` while reading ${reading}` : '');
    const finish = (err: Error | null, loaded?: LoadedIndex) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(memory);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve(loaded!);
    };
    const timer = setTimeout(() => finish(new BuildAbandoned(`the index build took longer than ${Math.round(budget.timeoutMs / 1000)} s${where()}; abandoned`)), budget.timeoutMs);
    timer.unref?.();
    const memory = setInterval(() => {
      const grown = (process.memoryUsage.rss() - baseline) / MB;
      if (grown > budget.memoryMb) finish(new BuildAbandoned(`the index build used more than its ${budget.memoryMb} MB of memory${where()}; abandoned`));
    }, MEMORY_CHECK_MS);
    memory.unref?.();
    const onAbort = () => finish(new BuildAbandoned('the index build was cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: BuildMessage) => {
      if (message.kind === 'reading') {
        reading = message.file;
        return;
      }
      const reply = message;
      if (!reply.ok) return finish(new Error(reply.message));
      try {
        finish(null, { snapshot: openSnapshot(reply.buffer), from: reply.from, notes: reply.notes, ms: reply.ms });
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    });
    worker.once('error', (err) => finish(err));
    worker.once('exit', (code) => finish(new Error(`the index build thread stopped (exit code ${code})${where()}`)));
  });
}
