import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/cli/repl.js';
import { parseArgs } from '../../src/cli/args.js';
import { toJsonLine } from '../../src/cli/jsonl.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { ask } from '../../test-support/fake-engine.js';

describe('why an answer: :why in the REPL, --explain for ask', async () => {
  const engine = createEngine(await loadCorpus(new URL('../../corpus', import.meta.url).pathname));

  it(':why explains the last answer with its weighted features, and asks for a question first', () => {
    const s = createSession({ engine });
    expect(s.handle(':why').output).toMatch(/Ask a question first/);
    s.handle('When was Ayman al-Zawahiri killed?');
    const out = s.handle(':why').output;
    expect(out).toMatch(/^Why /);
    expect(out).toMatch(/What the answer rests on:/);
    expect(out).toMatch(/[+−]\d+\.\d\d {2}\S+ = /);
  });

  it('--explain is an ask option, and puts a "why" object in the JSON line', () => {
    const parsed = parseArgs(['ask', '--explain', '--json', 'who', 'is', 'it']);
    expect(parsed.kind === 'run' && parsed.args.explain).toBe(true);
    expect(parseArgs(['repl', '--explain'])).toMatchObject({ kind: 'error' });
    const line = JSON.parse(toJsonLine(ask(engine, 'When was Ayman al-Zawahiri killed?', undefined, { explain: true })));
    expect(line.why.features.length).toBeGreaterThan(0);
    expect(JSON.parse(toJsonLine(ask(engine, 'When was Ayman al-Zawahiri killed?'))).why).toBeUndefined();
  });
});
