import { afterEach, describe, expect, it } from 'vitest';
import { corpus } from '../../test-support/fake-engine.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('start-up', () => {
  it('logs one line saying who it is, how many servers it serves and which corpus version it answers from', async () => {
    h = await startHarness();
    const ready = h.logs.entries().filter((e) => e.msg.startsWith('logged in as'));
    expect(ready).toHaveLength(1);
    const tag = h.bot.client.user?.tag;
    expect(tag).toBeTruthy();
    expect(ready[0]!.msg).toBe(`logged in as ${tag}, serving 1 guild, corpus v${corpus.hash.slice(0, 8)} (${corpus.passages.length} passages)`);
    expect(ready[0]).toMatchObject({ level: 30, guilds: 1, corpus: corpus.hash.slice(0, 8), passages: corpus.passages.length });
  });
});
