import type { Worker } from 'node:worker_threads';
import type { Question } from '../answer/input.js';
import type { Answer, AskOptions } from '../answer/types.js';
import { POOL_DEFAULTS } from './defaults.js';
import { EngineBusyError, EngineClosedError, EngineCrashedError, EngineTimeoutError } from './errors.js';
import type { AskMessage, WorkerMessage } from './protocol.js';
import type { EngineSpec } from './spec.js';
import type { Corpus } from '../corpus/types.js';
import { sibling, startModuleWorker } from '../thread.js';
import type { AsyncEngine, PoolStats } from './types.js';

export interface PoolOptions {
  /** What each worker builds (see spec.ts). */
  spec: EngineSpec;
  /** The corpus as this thread sees it (passages, /corpus); defaults to the spec's. */
  corpus?: Corpus;
  /**
   * The corpus's capitals for the question gate, from this thread's copy of the index (the
   * snapshot's); without it questions are read with the capitals they were typed with.
   */
  restoreCase?: (text: string) => string;
  workers?: number;
  /** Limit on one question's run (POOL_DEFAULTS.timeoutMs). */
  timeoutMs?: number;
  /** Limit on one question's wait for a free worker (POOL_DEFAULTS.waitMs). */
  waitMs?: number;
  queueLimit?: number;
  loadedAt?: Date;
  /** Told how long each question waited for a worker, when one takes it (metrics). */
  onWait?(ms: number): void;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export type { PoolStats };

export interface EnginePool extends AsyncEngine {
  stats(): PoolStats;
}

interface Job {
  id: number;
  question: Question;
  options: AskOptions | undefined;
  askedAt: number;
  resolve(answer: Answer): void;
  reject(error: Error): void;
  /** The wait budget: from the moment the question was asked until a worker takes it. */
  waitTimer?: NodeJS.Timeout;
  /** The run limit: from the moment a worker started on the question. */
  runTimer?: NodeJS.Timeout;
  slot?: Slot;
  /** The asker was already told; an answer arriving now is dropped. */
  settled?: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  /** Terminated on purpose (timeout, close): its exit is not a crash. */
  retired: boolean;
  error?: Error;
}

/**
 * Answers on worker threads, one question per worker at a time, so a slow question holds up
 * one worker and never the event loop. Questions wait in a bounded FIFO queue, each for at most
 * `waitMs` (then: busy). A question that runs for `timeoutMs` fails as too long, and its
 * worker is terminated and replaced while the others carry on.
 */
export function createEnginePool(options: PoolOptions): EnginePool {
  const size = Math.max(1, options.workers ?? POOL_DEFAULTS.workers);
  const timeoutMs = options.timeoutMs ?? POOL_DEFAULTS.timeoutMs;
  const waitMs = options.waitMs ?? POOL_DEFAULTS.waitMs;
  const queueLimit = options.queueLimit ?? POOL_DEFAULTS.queueLimit;
  const log = options.logger;
  const spec: EngineSpec = {
    ...options.spec,
    options: { eagerLimit: POOL_DEFAULTS.eagerPassages, ...options.spec.options },
  };
  const corpusHere = options.corpus ?? spec.corpus;
  if (!corpusHere) throw new Error('a pool needs the corpus: in its spec, or as options.corpus');
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const counts = { answered: 0, timedOut: 0, waitedOut: 0, crashed: 0, rejectedBusy: 0 };
  let nextId = 1;
  let failedStarts = 0;
  let closed = false;
  let broken: Error | undefined;

  let markReady!: () => void;
  let markBroken!: (error: Error) => void;
  const readyPromise = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markBroken = reject;
  });
  readyPromise.catch(() => undefined); // reported through ready() and every ask

  function spawn(): void {
    const worker = startWorker(spec);
    const slot: Slot = { worker, ready: false, job: undefined, retired: false };
    slots.add(slot);
    worker.on('message', (message: WorkerMessage) => onMessage(slot, message));
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (code) => onExit(slot, code));
  }

  function onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.kind === 'ready') {
      slot.ready = true;
      failedStarts = 0;
      markReady();
      return dispatch();
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    slot.job = undefined;
    clearTimeout(job.runTimer);
    if (!job.settled) {
      counts.answered++;
      if (message.kind === 'answer') job.resolve(message.answer);
      else job.reject(Object.assign(new Error(message.error.message), { name: message.error.name, stack: message.error.stack }));
    }
    dispatch();
  }

  function onExit(slot: Slot, code: number): void {
    slots.delete(slot);
    if (slot.retired) return;
    counts.crashed++;
    const reason = slot.error?.message ?? `exit code ${code}`;
    const job = slot.job;
    if (job) {
      clearTimeout(job.runTimer);
      if (!job.settled) job.reject(new EngineCrashedError(`the engine worker answering this question stopped (${reason})`));
    }
    if (closed) return;
    if (!slot.ready && ++failedStarts >= POOL_DEFAULTS.maxFailedStarts) {
      broken = new Error(`the engine could not be started in a worker (${reason})`);
      log?.error({ err: slot.error ?? broken }, 'engine workers keep failing to start; giving up');
      markBroken(broken);
      for (const waiting of queue.splice(0)) {
        clearTimeout(waiting.waitTimer);
        waiting.reject(broken);
      }
      return;
    }
    log?.error({ err: slot.error, code, question: job && clip(job.question.text) }, 'engine worker stopped unexpectedly; starting another');
    spawn();
  }

  /** No worker took the question within its budget: the bot is overloaded. */
  function onWaitedOut(job: Job): void {
    queue.splice(queue.indexOf(job), 1);
    counts.waitedOut++;
    job.reject(new EngineBusyError(queueLimit, `waited ${waitMs / 1000} s for a free worker`));
  }

  /** A question has run for the whole limit: the only way to stop synchronous code is to end its thread. */
  function onRunLimit(job: Job): void {
    const slot = job.slot;
    if (!slot || slot.job !== job) return;
    job.settled = true;
    counts.timedOut++;
    job.reject(new EngineTimeoutError(timeoutMs));
    retire(slot);
    log?.warn({ question: clip(job.question.text), limitMs: timeoutMs }, 'a question ran past the time limit; its worker was stopped and replaced');
    if (!closed) spawn();
    dispatch();
  }

  function retire(slot: Slot): void {
    slot.retired = true;
    slots.delete(slot);
    void slot.worker.terminate();
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = queue.shift()!;
      clearTimeout(job.waitTimer);
      options.onWait?.(performance.now() - job.askedAt);
      slot.job = job;
      job.slot = slot;
      job.runTimer = setTimeout(() => onRunLimit(job), timeoutMs);
      const message: AskMessage = { id: job.id, question: job.question, options: job.options };
      slot.worker.postMessage(message);
    }
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    corpus: corpusHere,
    loadedAt: options.loadedAt ?? new Date(),
    ready: () => readyPromise,
    backlog: () => queue.length / size,
    restoreCase: options.restoreCase ?? ((text) => text),
    ask(question, askOptions) {
      if (closed) return Promise.reject(new EngineClosedError());
      if (broken) return Promise.reject(broken);
      if (queue.length >= queueLimit) {
        counts.rejectedBusy++;
        return Promise.reject(new EngineBusyError(queueLimit));
      }
      return new Promise<Answer>((resolve, reject) => {
        const job: Job = { id: nextId++, question, options: askOptions, askedAt: performance.now(), resolve, reject };
        job.waitTimer = setTimeout(() => onWaitedOut(job), waitMs);
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new EngineClosedError();
      for (const job of queue.splice(0)) {
        clearTimeout(job.waitTimer);
        job.reject(error);
      }
      const stopping = [...slots].map((slot) => {
        if (slot.job) {
          clearTimeout(slot.job.runTimer);
          if (!slot.job.settled) slot.job.reject(error);
        }
        slot.retired = true;
        return slot.worker.terminate();
      });
      slots.clear();
      markBroken(error);
      await Promise.all(stopping);
    },
    stats() {
      const all = [...slots];
      return {
        workers: all.length,
        ready: all.filter((s) => s.ready).length,
        busy: all.filter((s) => s.job).length,
        queued: queue.length,
        ...counts,
      };
    },
  };
}

const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** The worker module next to this one, in the same form as this one. */
function startWorker(spec: EngineSpec): Worker {
  return startModuleWorker(sibling(import.meta.url, 'worker'), { workerData: spec });
}
