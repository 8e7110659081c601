import { describe, expect, it } from 'vitest';
import { createAnswerService } from '../../src/discord/answer-cache.js';
import { inProcess } from '../../src/pool/in-process.js';
import { commandSchema, isCommand } from '../../src/discord/command.js';
import { loadCommands } from '../../src/discord/load-commands.js';
import { definitions } from '../../src/discord/definitions.js';
import { MAX_CUSTOM_ID, decodeButton, encodeButton, passageRef } from '../../src/discord/ids.js';
import { createPassageIndex, MAX_CHOICES } from '../../src/discord/passages.js';
import type { SafeStore } from '../../src/store/keyv.js';
import { corpus, fakeEngine, question } from '../../test-support/fake-engine.js';

function memoryStore(): SafeStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k, v) => (data.set(k, structuredClone(v)), true),
    delete: async (k) => data.delete(k),
  };
}

describe('custom ids', () => {
  it('round-trips every action within 100 characters', () => {
    const actions = [
      { kind: 'passage', ref: 'zawahiri#1' },
      { kind: 'sources', key: 'abcdefghijklmnopqrstuv' },
      { kind: 'feedback', vote: 'up', key: 'abcdefghijklmnopqrstuv' },
      { kind: 'feedback', vote: 'down', key: 'abcdefghijklmnopqrstuv' },
    ] as const;
    for (const action of actions) {
      const id = encodeButton(action);
      expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
      expect(decodeButton(id)).toEqual(action);
    }
    expect(decodeButton('something-else')).toBeNull();
    expect(decodeButton('p:')).toBeNull();
  });

  it('sends a long passage id as a digest that fits', () => {
    const long = `${'deeply/nested/folder/'.repeat(10)}file#12`;
    const ref = passageRef(long);
    expect(ref).toMatch(/^~[\w-]{22}$/);
    expect(encodeButton({ kind: 'passage', ref }).length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
    expect(passageRef('short#1')).toBe('short#1');
  });
});

describe('passage index', () => {
  const longId = `${'a-very-long-folder-name/'.repeat(6)}doc`;
  const passages = [
    ...corpus.passages,
    { id: `${longId}#1`, doc: longId, paragraph: 1, text: 'Deep text.', title: 'Deep document', source: null, date: null, url: null },
  ];
  const index = createPassageIndex(passages);

  it('offers at most 25 choices, names and values within 100 characters', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...corpus.passages[0]!, id: `d${i}#1`, title: `T${i} ${'long title '.repeat(20)}` }));
    const choices = createPassageIndex(many).complete('');
    expect(choices).toHaveLength(MAX_CHOICES);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('ranks id prefixes, then titles, then passage text', () => {
    expect(index.complete('zawahiri#2').map((c) => c.value)).toEqual(['zawahiri#2']);
    expect(index.complete('gold mines').map((c) => c.value)).toEqual(['mines#1', 'mines#2', 'mines#3']);
    expect(index.complete('sherpur').map((c) => c.value)).toEqual(['zawahiri#2']);
    expect(index.complete('GOLD Qaeda')[0]).toEqual({
      name: 'Gold mines fund al Qaeda ¶1 — Al Qaeda takes a 25 percent share of the proceeds from gold mines in…',
      value: 'mines#1',
    });
    expect(index.complete('nothing like this')).toEqual([]);
  });

  it('resolves ids, digests and typed text', () => {
    expect(index.resolve('mines#2')?.id).toBe('mines#2');
    expect(index.resolve(passageRef(`${longId}#1`))?.id).toBe(`${longId}#1`);
    expect(index.resolve('sherpur')?.id).toBe('zawahiri#2');
    expect(index.resolve('no such thing at all')).toBeUndefined();
  });

  it('answers autocomplete fast on a large corpus', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({ ...corpus.passages[i % 5]!, id: `doc${i}#1`, title: `Document ${i}` }));
    const bigIndex = createPassageIndex(big);
    bigIndex.complete('warm up');
    const t0 = performance.now();
    expect(bigIndex.complete('sherpur district haqqani')).toHaveLength(MAX_CHOICES);
    // Discord allows 3 s; this bound only guards against an accidental quadratic scan.
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('answer service', () => {
  it('caches by normalised question, type and corpus hash', async () => {
    const engine = fakeEngine();
    const store = memoryStore();
    const answers = createAnswerService({ engine: inProcess(engine), store, ttlMs: 1000 });
    const a = await answers.get(question('When was Zawahiri killed?'));
    const b = await answers.get(question('  when was zawahiri KILLED '));
    await new Promise((r) => setTimeout(r, 0));
    const c = await answers.get(question('when was zawahiri killed'));
    expect(a.cached).toBe(false);
    expect(c).toEqual({ answer: a.answer, key: a.key, cached: true });
    expect(b.key).toBe(a.key);
    expect((await answers.get(question('when was zawahiri killed', undefined, 'who'))).key).not.toBe(a.key);
    expect(await answers.stored(a.key)).toEqual(a.answer);
    expect(question(' Who  IS\tit?! ').key).toBe(question('who is it').key);
  });

  it('does not cache rejected questions', async () => {
    const engine = { ...fakeEngine(), ask: () => ({ question: '', type: 'what' as const, answer: null, confidence: 0, citations: [], ms: 0, error: 'no' }) };
    const store = memoryStore();
    await createAnswerService({ engine: inProcess(engine), store, ttlMs: 1000 }).get(question('x'));
    expect(store.data.size).toBe(0);
  });
});

describe('commands', () => {
  it('loads the nine command modules, each passing the predicate', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['ask', 'corpus', 'help', 'how-much', 'source', 'what', 'when', 'where', 'who']);
    for (const c of commands.values()) expect(isCommand(c)).toBe(true);
    expect(commands.get('source')?.autocomplete).toBeTypeOf('function');
  });

  it('rejects malformed modules', () => {
    expect(isCommand({ data: { name: 'Bad Name', description: 'x' }, execute() {} })).toBe(false);
    expect(isCommand({ data: { name: 'ok', description: 'x' } })).toBe(false);
    expect(commandSchema.safeParse(null).success).toBe(false);
  });

  it('defines guild + bot-DM contexts, guild install, and the question/private options', () => {
    expect(definitions.when.data).toMatchObject({
      name: 'when',
      contexts: [0, 1],
      integration_types: [0],
      options: [
        { type: 3, name: 'question', required: true },
        { type: 5, name: 'private', required: false },
      ],
    });
    expect(definitions.source.data.options).toMatchObject([{ type: 3, name: 'passage', required: true, autocomplete: true }]);
    for (const d of Object.values(definitions)) {
      expect(d.data.description.length).toBeLessThanOrEqual(100);
      for (const o of d.data.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });
});
