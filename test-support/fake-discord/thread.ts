/**
 * Worker entry hosting a fake Discord on its own thread (see remote.ts), so that in a load
 * test or benchmark Discord's side of the work does not run on the bot's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sendBurst, type Ack, type BurstItem } from '../burst.js';
import { startFakeDiscord, type FakeDiscordOptions } from './server.js';

export type RemoteRequest =
  | { id: number; op: 'burst'; items: BurstItem[]; timeoutMs: number }
  | { id: number; op: 'answers'; acks: Ack[]; timeoutMs: number }
  | { id: number; op: 'outcomes'; acks: Ack[]; timeoutMs: number }
  | { id: number; op: 'close' };

const port = parentPort!;
const fake = await startFakeDiscord(workerData as FakeDiscordOptions);

/** What the person finally sees for each interaction (the direct reply, or the edit of a deferred one), and when it arrived. */
async function finals(acks: Ack[], timeoutMs: number): Promise<Array<{ data: unknown; at: number } | null>> {
  return Promise.all(
    acks.map(async (a) => {
      if (a.status !== 204) return null;
      if (a.type === 4) {
        const reply = fake.requestsTo({ method: 'POST', path: `/interactions/${a.id}/:token/callback` }).find((r) => r.status === 204);
        return reply ? { data: reply.body.data, at: reply.at } : null;
      }
      const edit = await fake
        .waitForRequest((r) => r.path.startsWith('/webhooks/') && r.path.includes(a.token) && (r.method === 'PATCH' || r.method === 'POST'), timeoutMs)
        .catch(() => null);
      return edit ? { data: edit.body, at: edit.at } : null;
    }),
  );
}

port.on('message', async (request: RemoteRequest) => {
  try {
    if (request.op === 'burst') port.postMessage({ id: request.id, result: await sendBurst(fake, request.items, request.timeoutMs) });
    else if (request.op === 'answers') port.postMessage({ id: request.id, result: (await finals(request.acks, request.timeoutMs)).map((f) => f?.data ?? null) });
    else if (request.op === 'outcomes') {
      const result = (await finals(request.acks, request.timeoutMs)).map((f, i) => (f ? { data: f.data, ms: f.at - request.acks[i]!.sentAt } : null));
      port.postMessage({ id: request.id, result });
    }
    else {
      await fake.close();
      port.postMessage({ id: request.id, result: null });
      port.close();
    }
  } catch (error) {
    port.postMessage({ id: request.id, error: String(error) });
  }
});
port.postMessage({ ready: { apiUrl: fake.apiUrl, applicationId: fake.applicationId } });
