/** Why a question got no answer from the engine; adapters turn each into a message for the asker. */

/** The question was still running at the hard limit (its worker is replaced if it keeps running). */
export class EngineTimeoutError extends Error {
  override readonly name = 'EngineTimeoutError';
  constructor(readonly limitMs: number) {
    super(`the question took longer than ${limitMs / 1000} s`);
  }
}

/** Too many questions are waiting (or one waited its whole time); asking again in a moment may succeed. */
export class EngineBusyError extends Error {
  override readonly name = 'EngineBusyError';
  constructor(
    readonly queueLimit: number,
    reason = `${queueLimit} questions are already waiting`,
  ) {
    super(reason);
  }
}

/** The worker answering the question died (out of memory, a native crash); it was replaced. */
export class EngineCrashedError extends Error {
  override readonly name = 'EngineCrashedError';
}

/** The engine was closed (shutdown) before the question was answered. */
export class EngineClosedError extends Error {
  override readonly name = 'EngineClosedError';
  constructor() {
    super('the engine was closed');
  }
}
