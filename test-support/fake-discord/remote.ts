import { once } from 'node:events';
import { sibling, startModuleWorker } from '../../src/thread.js';
import type { Ack, BurstItem } from '../burst.js';
import type { FakeDiscordOptions } from './server.js';
import type { RemoteRequest } from './thread.js';

/** A fake Discord on its own thread, driven by bursts: what loads and benchmarks need of it. */
export interface RemoteFakeDiscord {
  apiUrl: string;
  applicationId: string;
  /** Dispatches every item at once; each interaction's first callback, timed on the fake's clock. */
  burst(items: readonly BurstItem[], timeoutMs?: number): Promise<Ack[]>;
  /** The message each interaction ended with (reply, or the edit or follow-up of a deferral); null if none. */
  answers(acks: readonly Ack[], timeoutMs?: number): Promise<Array<Record<string, any> | null>>;
  /** The same, with the time from each interaction's creation to that message (fake's clock). */
  outcomes(acks: readonly Ack[], timeoutMs?: number): Promise<Array<{ data: Record<string, any>; ms: number } | null>>;
  close(): Promise<void>;
}

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export async function startRemoteFakeDiscord(options: FakeDiscordOptions = {}): Promise<RemoteFakeDiscord> {
  const worker = startModuleWorker(sibling(import.meta.url, 'thread'), { workerData: options });
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ready!: (info: { apiUrl: string; applicationId: string }) => void;
  const started = new Promise<{ apiUrl: string; applicationId: string }>((resolve) => (ready = resolve));
  worker.on('message', (m: { ready?: { apiUrl: string; applicationId: string }; id?: number; result?: unknown; error?: string }) => {
    if (m.ready) return ready(m.ready);
    const call = pending.get(m.id!);
    pending.delete(m.id!);
    if (m.error) call?.reject(new Error(m.error));
    else call?.resolve(m.result);
  });
  const failed = once(worker, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  const call = <T>(request: Without<RemoteRequest, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  const info = await Promise.race([started, failed]);
  return {
    ...info,
    burst: (items, timeoutMs = 30_000) => call<Ack[]>({ op: 'burst', items: [...items], timeoutMs }),
    answers: (acks, timeoutMs = 30_000) => call({ op: 'answers', acks: [...acks], timeoutMs }),
    outcomes: (acks, timeoutMs = 30_000) => call({ op: 'outcomes', acks: [...acks], timeoutMs }),
    async close() {
      await call({ op: 'close' });
      await worker.terminate();
    },
  };
}
