import { afterEach, describe, expect, it } from 'vitest';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { inProcess } from '../../src/pool/in-process.js';
import { swappableAsyncEngine } from '../../src/cli/swap.js';
import { autocomplete, slashCommand } from '../../test-support/fake-discord/server.js';
import { TEST_TOKEN } from './fixtures.js';
import { corpus, fakeEngine } from '../../test-support/fake-engine.js';
import { startHarness, type Harness } from './harness.js';

const edited = corpusFromDocuments([
  ...corpus.documents.map((d) => ({ id: d.id, title: d.title, source: d.source, date: d.date, paragraphs: d.passages.map((p) => p.text) })),
  { id: 'reload', title: 'Added while running', source: 'Wire', date: '2025-02-01', paragraphs: ['A document added to the corpus while the bot was running.'] },
]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  expect(h?.logs.text()).not.toContain(TEST_TOKEN);
});

describe('a hot reload seen from Discord', () => {
  it('after a swap, cached answers of the old corpus are not served, and /corpus and /source show the new one', async () => {
    const before = fakeEngine();
    const after = Object.assign(fakeEngine(), { corpus: edited, loadedAt: new Date('2025-02-03T04:05:06Z') });
    const engine = swappableAsyncEngine(inProcess(before));
    h = await startHarness({ engine: before, asyncEngine: engine });
    const ask = async () => {
      const { id } = h!.fake.sendInteraction(slashCommand('ask', { question: 'When was Zawahiri killed?' }));
      return (await h!.callback(id)).body;
    };

    await ask();
    await ask();
    expect(before.asked).toHaveLength(1); // the second came from the cache

    await engine.swap(inProcess(after));
    const reply = await ask();
    expect(after.asked).toHaveLength(1);
    expect(before.asked).toHaveLength(1);
    expect(reply.data.embeds[0].title).toBe('July 31, 2022');

    const shown = h.fake.sendInteraction(slashCommand('corpus', {}));
    const description: string = (await h.callback(shown.id)).body.data.embeds[0].description;
    expect(description).toContain(`Version \`${edited.hash.slice(0, 8)}\``);
    expect(description).toContain('<t:1738555506:f>');
    expect(description).toContain('Added while running');

    const typed = h.fake.sendInteraction(autocomplete('source', { passage: 'added while' }, 'passage'));
    const choices = (await h.callback(typed.id)).body.data.choices as Array<{ name: string }>;
    expect(choices[0]?.name).toContain('Added while running');
  });
});
