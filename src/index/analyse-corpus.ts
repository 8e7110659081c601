import { availableParallelism } from 'node:os';
import { sibling, startModuleWorker } from '../thread.js';
import { analysePart, mergeAnalyses, type AnalysisArrays, type AnalysisInput, type AnalysisPart } from './analyses.js';
import type { AnalyseMessage, AnalyseRequest } from './analyse-worker.js';

export interface AnalyseOptions {
  /** Threads to spread the work over (default: the machine's cores); 1 analyses in this thread. */
  threads?: number;
  /** A corpus of more passages than this is not analysed here (default ANALYSE_UP_TO). */
  upTo?: number;
  /** Passages analysed so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * A thread starts in about half a second (wink's model is loaded in each), and a passage costs
 * 1–2 ms to analyse: below this many passages per thread, another thread does not pay.
 */
export const PASSAGES_PER_THREAD = 2000;

/**
 * A corpus of more passages than this is not analysed at index time. Wink reads 500–1,000
 * passages a second a core: 166,000 Wikipedia paragraphs took 13.5 minutes to build on two
 * cores instead of 21 s, and every hot reload would pay that again. Such a corpus's passages
 * are analysed when an ask first reads them and kept in each process's cache, as before. Up to
 * this size a build stays under a minute on two cores: 20,000 Wikipedia paragraphs took 34 s
 * analysed (1.7 s not), on a shared machine.
 */
export const ANALYSE_UP_TO = 20_000;

/** How many threads analysing `passages` passages is worth. */
export function analysisThreads(passages: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, Math.floor(passages / PASSAGES_PER_THREAD)));
}

/** Every passage's analysis, in worker threads when the corpus is large enough to pay for them; none past `upTo`. */
export async function analyseCorpus(passages: AnalysisInput, options: AnalyseOptions = {}): Promise<AnalysisArrays> {
  // No passage stored: readers see 0 analysed passages and analyse each on first read.
  if (passages.length > (options.upTo ?? ANALYSE_UP_TO)) return mergeAnalyses([]);
  const threads = Math.max(1, Math.min(options.threads ?? analysisThreads(passages.length), passages.length));
  const total = passages.length;
  if (threads <= 1) return mergeAnalyses([analysePart(passages, options.onProgress && ((done) => options.onProgress!(done, total)))]);
  const size = Math.ceil(total / threads);
  const done = new Array<number>(threads).fill(0);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const slice = passages.slice(t * size, (t + 1) * size).map((p) => ({ text: p.text, source: p.source }));
      return new Promise<AnalysisPart>((resolve, reject) => {
        const request: AnalyseRequest = { passages: slice };
        const worker = startModuleWorker(sibling(import.meta.url, 'analyse-worker'), { workerData: request });
        let settled = false;
        worker.on('message', (m: AnalyseMessage) => {
          if (m.kind === 'progress') {
            done[t] = m.done;
            options.onProgress?.(done.reduce((a, b) => a + b, 0), total);
          } else {
            settled = true;
            if (m.kind === 'done') resolve(m.part);
            else reject(new Error(`passage analysis failed: ${m.message}`));
            void worker.terminate();
          }
        });
        worker.on('error', (err) => {
          settled = true;
          reject(err);
        });
        worker.on('exit', (code) => {
          if (!settled) reject(new Error(`passage analysis thread exited (code ${code})`));
        });
      });
    }),
  );
  options.onProgress?.(total, total);
  return mergeAnalyses(parts);
}
