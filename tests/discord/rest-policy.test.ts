import { SnowflakeUtil } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createInteractionDeadlines, REST_POLICY, RestGaveUpError, withRateLimitPolicy } from '../../src/discord/rest-policy.js';

type Init = Parameters<ReturnType<typeof withRateLimitPolicy>>[1];

/** A scripted HTTP layer: each call takes the next response and records when it was made. */
function scripted(responses: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: number[] = [];
  const makeRequest = async () => {
    calls.push(performance.now());
    const r = responses[Math.min(calls.length - 1, responses.length - 1)]!;
    return {
      status: r.status,
      ok: r.status < 300,
      statusText: '',
      headers: new Headers(r.headers ?? {}),
      text: async () => (r.body === undefined ? '' : JSON.stringify(r.body)),
      json: async () => r.body,
      arrayBuffer: async () => new ArrayBuffer(0),
      bodyUsed: false,
      body: null,
    };
  };
  return { makeRequest: makeRequest as never, calls };
}

const noDeadlines = { track() {}, deadlineFor: () => undefined };
const OK = { status: 200, body: { id: '1' } };
const gaps = (calls: number[]) => calls.slice(1).map((t, i) => t - calls[i]!);

describe('withRateLimitPolicy', () => {
  it('waits the retry_after the 429 gives (body first, then the Retry-After header)', async () => {
    const byBody = scripted([{ status: 429, body: { retry_after: 0.2 }, headers: { 'Retry-After': '9' } }, OK]);
    expect((await withRateLimitPolicy(byBody.makeRequest, noDeadlines)('http://x/api/channels/1/messages', {} as Init)).status).toBe(200);
    expect(gaps(byBody.calls)[0]).toBeGreaterThanOrEqual(195);
    expect(gaps(byBody.calls)[0]).toBeLessThan(1500);

    const byHeader = scripted([{ status: 429, body: 'not json', headers: { 'Retry-After': '0.15' } }, OK]);
    await withRateLimitPolicy(byHeader.makeRequest, noDeadlines)('http://x/api/channels/1/messages', {} as Init);
    expect(gaps(byHeader.calls)[0]).toBeGreaterThanOrEqual(145);
  });

  it('without usable retry information, backs off with doubling jittered waits and gives up after the bounded number of retries', async () => {
    const storm = scripted([{ status: 429, body: { message: 'slow down', retry_after: 'soon' } }]);
    const call = withRateLimitPolicy(storm.makeRequest, noDeadlines, { random: () => 0 });
    await expect(call('http://x/api/channels/1/messages', { method: 'POST' } as Init)).rejects.toThrow(RestGaveUpError);
    expect(storm.calls).toHaveLength(REST_POLICY.maxRateLimitRetries + 1);
    const waits = gaps(storm.calls);
    // random() = 0 gives the lower half of each window: 125, 250, 500 ms.
    waits.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(REST_POLICY.backoffBaseMs * 2 ** i * 0.5 - 5));
    expect(waits[2]! - waits[0]!).toBeGreaterThan(300);
  });

  it('never waits past the interaction\'s deadline: a callback due in 3 s is not retried after 5 s', async () => {
    const deadlines = createInteractionDeadlines();
    const id = SnowflakeUtil.generate({ timestamp: Date.now() }).toString();
    const limited = scripted([{ status: 429, body: { retry_after: 5 } }, OK]);
    const call = withRateLimitPolicy(limited.makeRequest, deadlines);
    const error = await call(`http://x/api/v10/interactions/${id}/secret-token/callback`, { method: 'POST' } as Init).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestGaveUpError);
    expect(String((error as Error).message)).toMatch(/past the interaction's deadline/);
    expect(String((error as Error).message)).not.toContain('secret-token');
    expect(limited.calls).toHaveLength(1);
  });

  it('gives up, instead of sleeping on, when the request\'s own time runs out', async () => {
    const limited = scripted([{ status: 429, body: { retry_after: 30 } }, OK]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const call = withRateLimitPolicy(limited.makeRequest, noDeadlines);
    await expect(call('http://x/api/channels/1/messages', { signal: controller.signal } as Init)).rejects.toThrow(/timed out while waiting out a rate limit/);
  });
});

describe('createInteractionDeadlines', () => {
  it('a callback is due 3 s after the interaction\'s creation (read from its id); its follow-ups 15 min after, once tracked', () => {
    let now = 1_700_000_000_000;
    const deadlines = createInteractionDeadlines(() => now);
    const id = SnowflakeUtil.generate({ timestamp: now - 1000 }).toString();
    expect(deadlines.deadlineFor(`https://discord.com/api/v10/interactions/${id}/tok/callback?with_response=false`)).toBe(now - 1000 + 3000);
    expect(deadlines.deadlineFor('https://discord.com/api/v10/webhooks/99/tok/messages/@original')).toBeUndefined();
    deadlines.track('tok', now - 1000);
    expect(deadlines.deadlineFor('https://discord.com/api/v10/webhooks/99/tok/messages/@original')).toBe(now - 1000 + 15 * 60_000);
    expect(deadlines.deadlineFor('https://discord.com/api/v10/channels/5/messages')).toBeUndefined();
    // Old tokens are forgotten as new interactions arrive.
    now += 16 * 60_000;
    deadlines.track('later', now);
    expect(deadlines.deadlineFor('https://discord.com/api/v10/webhooks/99/tok')).toBeUndefined();
  });
});
