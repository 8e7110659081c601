import type { Engine } from '../engine.js';

/**
 * Runs `engine.warmUp` in slices of `sliceMs` until it is done, each slice in its own turn of
 * the event loop, so a question that arrives meanwhile (a worker's message, a line typed at the
 * REPL) waits for one slice at most. Only long-running modes call it: a one-shot `ask` would
 * wait for it and gain nothing. Unref'd, so it never keeps a process alive that has nothing
 * else to do. Imports the engine's type only: a worker with a test's engine loads no reader.
 */
export function warmInIdleTime(engine: Engine, sliceMs: number): void {
  void warmInSlices(engine, sliceMs, true);
}

/**
 * The same warm-up run to its end, holding the process open until then: for benches that time
 * what a question costs after it, as a bot's workers would have it.
 */
export function warmedUp(engine: Pick<Engine, 'warmUp'>, sliceMs: number): Promise<void> {
  return warmInSlices(engine, sliceMs, false);
}

function warmInSlices(engine: Pick<Engine, 'warmUp'>, sliceMs: number, unref: boolean): Promise<void> {
  return new Promise((done) => {
    const next = () => {
      const turn = setImmediate(slice);
      if (unref) turn.unref();
    };
    const slice = () => (engine.warmUp && !engine.warmUp(performance.now() + sliceMs) ? next() : done());
    next();
  });
}
