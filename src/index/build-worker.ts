import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from '../corpus/load.js';
import type { CorpusLimits } from '../corpus/limits.js';
import { loadOrBuild } from './load-or-build.js';

/** What the main thread asks for: the same inputs as a start-up load. */
export interface BuildRequest {
  dir: string;
  snapshotFile: string | null;
  limits: CorpusLimits;
}

export type BuildReply =
  | { kind: 'done'; ok: true; buffer: SharedArrayBuffer | ArrayBuffer; from: 'snapshot' | 'build'; notes: string[]; ms: number }
  | { kind: 'done'; ok: false; message: string };

/** The file being read now, so a build abandoned by its budget can name it. */
export type BuildMessage = { kind: 'reading'; file: string } | BuildReply;

const request = workerData as BuildRequest;
const post = (message: BuildMessage) => parentPort!.postMessage(message);
let reply: BuildReply;
try {
  const loaded = await loadOrBuild({
    dir: request.dir,
    snapshotFile: request.snapshotFile,
    limits: request.limits,
    load: (dir, limits) => loadCorpus(dir, { ...limits, onFile: (file) => post({ kind: 'reading', file }) }),
  });
  reply = { kind: 'done', ok: true, buffer: loaded.snapshot.buffer, from: loaded.from, notes: loaded.notes, ms: loaded.ms };
} catch (err) {
  reply = { kind: 'done', ok: false, message: err instanceof Error ? err.message : String(err) };
}
// A SharedArrayBuffer crosses as a reference: the main thread opens the very bytes built here.
post(reply);
