import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFromDocuments } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { EngineBusyError, EngineClosedError, EngineCrashedError, EngineTimeoutError } from '../../src/pool/errors.js';
import { inProcess } from '../../src/pool/in-process.js';
import { createEnginePool, type EnginePool, type PoolOptions } from '../../src/pool/pool.js';
import { TEST_ENGINE, type TestEngineData } from './test-engine.js';
import { question } from '../../test-support/fake-engine.js';

const corpus = corpusFromDocuments([
  {
    id: 'zawahiri',
    title: 'Zawahiri killed in Kabul',
    source: 'Wire',
    date: '2022-08-01',
    paragraphs: ['Ayman al-Zawahiri was killed on July 31, 2022 in a U.S. drone strike in Kabul.', 'The strike hit a safe house in the Sherpur district.'],
  },
]);

const pools: EnginePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(options: Partial<PoolOptions> & { data?: TestEngineData } = {}): EnginePool {
  const { data, ...rest } = options;
  const p = createEnginePool({ spec: { corpus, factory: TEST_ENGINE, data }, workers: 1, ...rest });
  pools.push(p);
  return p;
}

const outcome = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));
const threadOf = async (p: EnginePool, text = 'hi') => (await p.ask(question(text))).answer;

describe('engine pool', () => {
  it('answers with the real engine in a worker exactly as the engine does in-process', async () => {
    const p = createEnginePool({ spec: { corpus }, workers: 1 });
    pools.push(p);
    const local = createEngine(corpus);
    for (const [text, type] of [['When was Zawahiri killed?', undefined], ['zawahiri killed', 'where'], ['Who won the 2024 election?', undefined]] as const) {
      const { ms: _a, ...fromPool } = await p.ask(question(text, local, type));
      const { ms: _b, ...fromLocal } = local.ask(question(text, local, type));
      expect(fromPool).toEqual(fromLocal);
    }
    expect(p.corpus).toBe(corpus);
  });

  it('warms each engine up once ready, in slices between questions, until the engine says it is done', async () => {
    const p = pool();
    await p.ready();
    // Ready before any warm-up: the slices come in turns of the worker's event loop after it.
    let said = '';
    for (let tries = 0; tries < 50 && said !== 'warm-ups 3'; tries++) {
      said = String(await threadOf(p, 'warm-ups'));
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(said).toBe('warm-ups 3');
    await new Promise((r) => setTimeout(r, 50));
    expect(await threadOf(p, 'warm-ups')).toBe('warm-ups 3');
  });

  it('answers off the event loop: timers keep firing while a question runs for 600 ms', async () => {
    const p = pool();
    await p.ready();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const answer = await p.ask(question('sleep 600'));
    clearInterval(ticker);
    expect(answer.answer).not.toBe(`thread ${threadId}`);
    expect(ticks).toBeGreaterThanOrEqual(10);
    // The same engine in-process blocks the loop: the control case for the assertion above.
    const { buildEngine } = await import('./test-engine.js');
    const local = inProcess(buildEngine({ corpus }));
    ticks = 0;
    const ticker2 = setInterval(() => ticks++, 20);
    await local.ask(question('sleep 300'));
    clearInterval(ticker2);
    expect(ticks).toBe(0);
  });

  it('a question past the hard limit fails with EngineTimeoutError; its worker is replaced and the pool answers again', async () => {
    const p = pool({ timeoutMs: 800 });
    await p.ready();
    const before = await threadOf(p);
    const t0 = performance.now();
    const slow = await outcome(p.ask(question('sleep 60000')));
    expect(slow).toEqual({ error: expect.any(EngineTimeoutError) });
    expect((slow as { error: EngineTimeoutError }).error.limitMs).toBe(800);
    expect(performance.now() - t0).toBeLessThan(5000);
    // The replacement needs a moment to build its engine; questions asked meanwhile wait for it.
    await expect.poll(() => p.stats().ready, { timeout: 15_000 }).toBe(1);
    const after = await threadOf(p);
    expect(after).not.toBe(before);
    expect(p.stats()).toMatchObject({ timedOut: 1, workers: 1, crashed: 0 });
  });

  it('a recycled worker does not take other questions down: they finish on the other worker', async () => {
    const p = pool({ workers: 2, timeoutMs: 1500 });
    await p.ready();
    await expect.poll(() => p.stats().ready, { timeout: 15_000 }).toBe(2);
    const slow = outcome(p.ask(question('sleep 60000')));
    const quick = Array.from({ length: 6 }, (_, i) => p.ask(question(`sleep ${20 + i}`)));
    const answers = await Promise.all(quick);
    expect(new Set(answers.map((a) => a.answer)).size).toBe(1);
    expect(await slow).toEqual({ error: expect.any(EngineTimeoutError) });
    expect(p.stats()).toMatchObject({ timedOut: 1, answered: 6 });
  });

  it('a question that waited its whole budget without starting fails as "busy", and costs no worker', async () => {
    const p = pool({ timeoutMs: 1500, waitMs: 700 });
    await p.ready();
    const running = outcome(p.ask(question('sleep 60000')));
    const waiting = outcome(p.ask(question('hi')));
    expect(await waiting).toEqual({ error: expect.any(EngineBusyError) });
    expect(String(((await waiting) as { error: Error }).error.message)).toMatch(/waited 0.7 s for a free worker/);
    expect(await running).toEqual({ error: expect.any(EngineTimeoutError) });
    expect(p.stats()).toMatchObject({ timedOut: 1, waitedOut: 1 });
  });

  it('reports how long each question waited for a worker (the metrics\' queue wait)', async () => {
    const waits: number[] = [];
    const p = pool({ onWait: (ms) => waits.push(ms) });
    await p.ready();
    await Promise.all([p.ask(question('sleep 300')), p.ask(question('hi'))]);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(250);
    expect(waits[1]).toBeGreaterThanOrEqual(250);
  });

  it('waiting does not count against the run limit: questions queued behind slow ones are answered, in the order asked', async () => {
    const p = pool({ timeoutMs: 1000 });
    await p.ready();
    const order: number[] = [];
    // Each runs 400 ms, under the limit; the last waits ~1600 ms for its turn, well past it.
    const asked = [0, 1, 2, 3, 4].map((i) => p.ask(question('sleep 400')).then((a) => (order.push(i), a)));
    const answers = await Promise.all(asked);
    expect(answers.every((a) => /^thread /.test(a.answer ?? ''))).toBe(true);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(p.stats()).toMatchObject({ timedOut: 0, waitedOut: 0, answered: 5 });
  });

  it('a full queue answers "busy" at once instead of growing; close() fails whatever is left', async () => {
    const p = pool({ queueLimit: 2 });
    await p.ready();
    const running = outcome(p.ask(question('sleep 60000')));
    await expect.poll(() => p.stats().busy).toBe(1);
    const queued = [outcome(p.ask(question('a'))), outcome(p.ask(question('b')))];
    await expect(p.ask(question('c'))).rejects.toBeInstanceOf(EngineBusyError);
    expect(p.stats()).toMatchObject({ queued: 2, rejectedBusy: 1 });
    await p.close();
    for (const o of [running, ...queued]) expect(await o).toEqual({ error: expect.any(EngineClosedError) });
    await expect(p.ask(question('d'))).rejects.toBeInstanceOf(EngineClosedError);
  });

  it('a worker that dies fails only its own question; a new worker takes its place', async () => {
    const p = pool({ workers: 2 });
    await expect.poll(() => p.stats().ready, { timeout: 15_000 }).toBe(2);
    const crashed = outcome(p.ask(question('crash')));
    const others = await Promise.all([p.ask(question('sleep 30')), p.ask(question('sleep 30')), p.ask(question('sleep 30'))]);
    expect(others).toHaveLength(3);
    const result = await crashed;
    expect(result).toEqual({ error: expect.any(EngineCrashedError) });
    expect(String((result as { error: Error }).error.message)).toMatch(/exit code 7/);
    await expect.poll(() => p.stats().ready, { timeout: 15_000 }).toBe(2);
    expect(p.stats().crashed).toBe(1);
  });

  it('an engine error comes back as that question\'s rejection with the worker\'s stack; the worker stays', async () => {
    const p = pool();
    await p.ready();
    const before = await threadOf(p);
    const error = (await outcome(p.ask(question('throw')))) as { error: Error };
    expect(error.error.message).toBe('boom');
    expect(error.error.stack).toContain('test-engine');
    expect(await threadOf(p)).toBe(before);
    expect(p.stats()).toMatchObject({ timedOut: 0, crashed: 0 });
  });

  it('an engine that cannot be built: ready() and every ask reject with the reason, after a bounded number of tries', async () => {
    const p = pool({ data: { failBuild: 'no corpus for you' } });
    const ready = await outcome(p.ready());
    expect(String((ready as { error: Error }).error.message)).toMatch(/no corpus for you/);
    await expect(p.ask(question('hi'))).rejects.toThrow(/no corpus for you/);
    expect(p.stats()).toMatchObject({ workers: 0, crashed: 3 });
  });
});

describe('engine errors', () => {
  it('are recognised across two copies of their module (the one-file CLI bundle beside the module tree)', async () => {
    // A query makes the module loader treat the same file as a second module; computed, so the typecheck leaves it be.
    const second = '../../src/pool/errors.ts?second-copy';
    const copy = (await import(second)) as typeof import('../../src/pool/errors.js');
    expect(copy.EngineBusyError).not.toBe(EngineBusyError);
    expect(new copy.EngineBusyError(5)).toBeInstanceOf(EngineBusyError);
    expect(new copy.EngineTimeoutError(1000)).toBeInstanceOf(EngineTimeoutError);
    expect(new EngineClosedError()).toBeInstanceOf(copy.EngineClosedError);
    expect(new copy.EngineBusyError(5)).not.toBeInstanceOf(EngineTimeoutError);
    expect(new Error('x')).not.toBeInstanceOf(EngineBusyError);
    expect(new copy.EngineCrashedError('x')).toBeInstanceOf(Error);
  });
});
