import { afterEach, describe, expect, it } from 'vitest';
import type { AskOutcome } from '../../src/ask-outcome.js';
import { slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';
import { startHarness, type Harness } from './harness.js';

/** Each question the bot handles is reported once, with how it ended. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  if (h) expect(h.logs.text()).not.toContain(TEST_TOKEN);
  h = undefined;
});

describe('questions as the metrics see them', () => {
  it('answered, not found, rejected, cooldown and error, each once, with a time', async () => {
    const seen: Array<{ outcome: AskOutcome; ms: number }> = [];
    h = await startHarness({ bot: { metrics: { asked: (outcome, ms) => seen.push({ outcome, ms }) } }, config: { cooldown: { limit: 4, windowMs: 60_000 } } });
    const ask = async (question: string, command = 'ask') => {
      const { id } = h!.fake.sendInteraction(slashCommand(command, { question }));
      await h!.callback(id);
    };
    await ask('When was Zawahiri killed?');
    await ask('What is the capital of Mars?');
    await ask('please explode');
    // The fake engine answers a yes/no question like any other; the real one turns it down with an error.
    h.engine.ask = ((q: string) => ({ question: q, type: 'what', answer: null, confidence: 0, citations: [], ms: 0, error: 'yes/no' })) as never;
    await ask('Is it raining?');
    await ask('one too many');
    expect(seen.map((s) => s.outcome)).toEqual(['answered', 'not_found', 'error', 'rejected', 'cooldown']);
    expect(seen.every((s) => s.ms >= 0 && s.ms < 10_000)).toBe(true);
  });
});
