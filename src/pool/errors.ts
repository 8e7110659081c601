/** Why a question got no answer from the engine; adapters turn each into a message for the asker. */

/**
 * `instanceof` by a registered symbol rather than by class identity. The one-file CLI bundle
 * holds its own copy of this module while the Discord adapter, imported on demand, loads the
 * module tree beside it: an error made by the bundle's pool must still be recognised there,
 * or a busy bot would tell people "something went wrong".
 */
function branded<T extends abstract new (...args: never[]) => Error>(name: string, cls: T): T {
  const brand = Symbol.for(`dossier.${name}`);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, { value: (value: unknown) => typeof value === 'object' && value !== null && brand in value });
  return cls;
}

/** The question ran for the whole limit; its worker was stopped and replaced. */
export const EngineTimeoutError = branded(
  'EngineTimeoutError',
  class EngineTimeoutError extends Error {
    override readonly name = 'EngineTimeoutError';
    constructor(readonly limitMs: number) {
      super(`the question took longer than ${limitMs / 1000} s`);
    }
  },
);
export type EngineTimeoutError = InstanceType<typeof EngineTimeoutError>;

/** Too many questions are waiting (or one waited its whole budget); asking again in a moment may succeed. */
export const EngineBusyError = branded(
  'EngineBusyError',
  class EngineBusyError extends Error {
    override readonly name = 'EngineBusyError';
    constructor(
      readonly queueLimit: number,
      reason = `${queueLimit} questions are already waiting`,
    ) {
      super(reason);
    }
  },
);
export type EngineBusyError = InstanceType<typeof EngineBusyError>;

/** The worker answering the question died (out of memory, a native crash); it was replaced. */
export const EngineCrashedError = branded(
  'EngineCrashedError',
  class EngineCrashedError extends Error {
    override readonly name = 'EngineCrashedError';
  },
);
export type EngineCrashedError = InstanceType<typeof EngineCrashedError>;

/** The engine was closed (shutdown) before the question was answered. */
export const EngineClosedError = branded(
  'EngineClosedError',
  class EngineClosedError extends Error {
    override readonly name = 'EngineClosedError';
    constructor() {
      super('the engine was closed');
    }
  },
);
export type EngineClosedError = InstanceType<typeof EngineClosedError>;
