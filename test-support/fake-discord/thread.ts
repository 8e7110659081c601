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
  | { id: number; op: 'close' };

const port = parentPort!;
const fake = await startFakeDiscord(workerData as FakeDiscordOptions);

/** What the person finally sees for each interaction: the direct reply, or the edit of a deferred one. */
async function answers(acks: Ack[], timeoutMs: number): Promise<unknown[]> {
  return Promise.all(
    acks.map(async (a) => {
      if (a.status !== 204) return null;
      if (a.type === 4) return fake.requestsTo({ method: 'POST', path: `/interactions/${a.id}/:token/callback` }).find((r) => r.status === 204)?.body.data ?? null;
      const edit = await fake
        .waitForRequest((r) => r.path.startsWith('/webhooks/') && r.path.includes(a.token) && (r.method === 'PATCH' || r.method === 'POST'), timeoutMs)
        .catch(() => null);
      return edit?.body ?? null;
    }),
  );
}

port.on('message', async (request: RemoteRequest) => {
  try {
    if (request.op === 'burst') port.postMessage({ id: request.id, result: await sendBurst(fake, request.items, request.timeoutMs) });
    else if (request.op === 'answers') port.postMessage({ id: request.id, result: await answers(request.acks, request.timeoutMs) });
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
