import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { warmInIdleTime } from '../../src/pool/warm.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('warmInIdleTime', () => {
  it('runs warmUp one slice per turn of the event loop, with the deadline it was given, until it is done', async () => {
    const deadlines: number[] = [];
    const engine = { warmUp: (deadline: number) => deadlines.push(deadline - performance.now()) >= 3 } as unknown as Engine;
    warmInIdleTime(engine, 20);
    // Not at once: whatever the caller does next (draw a prompt, take a question) comes first.
    expect(deadlines).toHaveLength(0);
    for (let i = 0; i < 6; i++) await turn();
    expect(deadlines).toHaveLength(3);
    expect(deadlines.every((d) => d > 0 && d <= 20)).toBe(true);
  });

  it('leaves an engine without warmUp alone', async () => {
    warmInIdleTime({} as Engine, 20);
    await turn();
  });
});
