import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { answerKey } from '../../src/answer/pipeline.js';
import { FORCED } from '../../src/learn/decided.js';
import { ask } from '../../test-support/fake-engine.js';

const questions = readFileSync(new URL('../fixtures/questions.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { q: string }).q);

describe('an explanation', () => {
  // Variants group by what else the question's candidates hold ("Qaeda" stays apart when it ends
  // two different longer names), so this checks copies; answer-groups.test.ts checks variants.
  it('lists as runners-up other answers, not copies of the winner or of each other', async () => {
    const engine = createEngine(await loadCorpus(new URL('../../corpus', import.meta.url).pathname), { thresholds: FORCED });
    let checked = 0;
    for (const q of questions) {
      const a = ask(engine, q, undefined, { explain: true });
      if (a.answer === null || !a.why) continue;
      const texts = [a.answer, ...a.why.runnersUp.map((r) => r.text)];
      const keys = texts.map(answerKey);
      expect(new Set(keys).size, `${q}: ${JSON.stringify(texts)}`).toBe(keys.length);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
