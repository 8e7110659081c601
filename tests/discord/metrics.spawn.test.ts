import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBotProcess } from '../../test-support/bot-process.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const get = (url: string) => fetch(url).then(async (r) => ({ status: r.status, text: await r.text() }), () => ({ status: 0, text: '' }));

describe('METRICS_PORT on a running bot (real process)', () => {
  it('/healthz turns 200 once logged in; /metrics counts the questions answered; SIGTERM closes it', { timeout: 150_000 }, async (test) => {
    const port = await freePort();
    const snapshots = mkdtempSync(path.join(tmpdir(), 'dossier-metrics-'));
    test.onTestFinished(() => rmSync(snapshots, { recursive: true, force: true }));
    const bot = await startBotProcess({ entry: ['--import', 'tsx', 'src/cli/main.ts'], token: TEST_TOKEN, corpusDir: '', env: { METRICS_PORT: String(port), SNAPSHOT_DIR: snapshots } });
    test.onTestFinished(() => bot.dispose());
    const base = `http://127.0.0.1:${port}`;
    await expect.poll(() => get(`${base}/healthz`).then((r) => r.status), { timeout: 120_000, interval: 100 }).toBe(200);
    expect(JSON.parse((await get(`${base}/healthz`)).text)).toMatchObject({ status: 'ok', discord: 'ready', store: 'ok', workers: { ready: 1 } });
    // Bound to this machine only: the log says where.
    expect(bot.stderr()).toContain(`metrics on http://127.0.0.1:${port}/metrics`);

    const { id } = bot.fake.sendInteraction(slashCommand('ask', { question: 'When was Ayman al-Zawahiri killed?' }));
    await bot.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`), 30_000);
    await expect.poll(async () => (await get(`${base}/metrics`)).text, { timeout: 10_000 }).toContain('dossier_answers_total{outcome="answered"} 1');
    const metrics = (await get(`${base}/metrics`)).text;
    expect(metrics).toMatch(/^dossier_corpus_info\{version="\w+",passages="\d+"\} 1$/m);
    expect(metrics).toMatch(/^dossier_ask_duration_seconds_count\{outcome="answered"\} 1$/m);
    expect(metrics).toMatch(/^dossier_queue_depth 0$/m);
    expect(metrics).toMatch(/^dossier_store_up 1$/m);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect((await get(`${base}/healthz`)).status).toBe(0);
    expect(bot.stderr()).not.toContain(TEST_TOKEN);
  });
});
