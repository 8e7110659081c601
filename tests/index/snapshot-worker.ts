// Runs inside a worker thread (see snapshot.test.ts): reopens the snapshot it was handed.
import { parentPort, workerData } from 'node:worker_threads';
import { buildEngine } from '../../src/pool/spec.js';
import { openSnapshot } from '../../src/index/snapshot.js';
import type { QueryTerm } from '../../src/index/bm25.js';
import { ask } from '../../test-support/fake-engine.js';

const buffer = (workerData as { buffer: SharedArrayBuffer }).buffer;
const snapshot = openSnapshot(buffer);
const engine = await buildEngine({ snapshot: buffer });

type Request = { kind: 'search'; query: QueryTerm[] } | { kind: 'text'; index: number } | { kind: 'ask'; question: string };

parentPort!.on('message', (req: Request) => {
  if (req.kind === 'search') parentPort!.postMessage(snapshot.index.bm25.search(req.query, 10));
  else if (req.kind === 'text') parentPort!.postMessage(snapshot.corpus.passages[req.index]!.text);
  else parentPort!.postMessage({ ...ask(engine, req.question), ms: 0 });
});
