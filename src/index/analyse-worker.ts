import { parentPort, workerData } from 'node:worker_threads';
import { analysePart, type AnalysisInput, type AnalysisPart } from './analyses.js';

/** One run of passages to analyse; the reply is its AnalysisPart. */
export interface AnalyseRequest {
  passages: AnalysisInput;
}

export type AnalyseMessage = { kind: 'progress'; done: number } | { kind: 'done'; part: AnalysisPart } | { kind: 'failed'; message: string };

const PROGRESS_EVERY = 200;
const post = (m: AnalyseMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
try {
  const { passages } = workerData as AnalyseRequest;
  const part = analysePart(passages, (done) => done % PROGRESS_EVERY === 0 && post({ kind: 'progress', done }));
  const arrays = [part.text, part.lemma, part.tags, part.sentenceCounts, part.sentences, part.entityCounts, part.entities];
  post({ kind: 'done', part }, arrays.map((a) => a.buffer as ArrayBuffer));
} catch (err) {
  post({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
