/**
 * A burst of slash commands through the fake Discord: shared by the load test (tests/) and the
 * burst benchmark (bench/), so both measure the same thing the same way.
 */
import { readFileSync } from 'node:fs';
import { now, slashCommand, snowflake, type FakeDiscord, type RecordedRequest } from './fake-discord/server.js';

export const COMMANDS = ['ask', 'who', 'what', 'how-much', 'when'] as const;

/** The public and dev question sets over the shipped corpus: real questions, 195 of them. */
export function shippedQuestions(): string[] {
  const read = (relative: string) =>
    readFileSync(new URL(relative, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { q: string }).q);
  return [...read('../tests/fixtures/questions.jsonl'), ...read('../training/dev-questions.jsonl')];
}

export interface BurstItem {
  command: (typeof COMMANDS)[number];
  question: string;
  userId: string;
}

/**
 * `n` interactions from `users` people, round-robin, each (command, question) pair distinct
 * while there are pairs left, so the answer cache does not hide the engine.
 */
export function burstWorkload(n: number, users: number, questions = shippedQuestions()): BurstItem[] {
  const ids = Array.from({ length: users }, () => snowflake());
  return Array.from({ length: n }, (_, i) => ({
    command: COMMANDS[Math.floor(i / questions.length) % COMMANDS.length]!,
    question: questions[i % questions.length]!,
    userId: ids[i % users]!,
  }));
}

export interface Ack extends BurstItem {
  id: string;
  token: string;
  /** When the interaction was dispatched (its creation), on the fake's clock. */
  sentAt: number;
  /** From dispatching the interaction (its creation) to the bot's first callback reaching Discord. */
  ms: number;
  /** 4 answered, 5 deferred. */
  type: number;
  /** 204 accepted; 404 is Discord's 10062, i.e. too late. */
  status: number;
}

/** Dispatches every item at once and waits for each interaction's first callback. */
export async function sendBurst(fake: FakeDiscord, items: readonly BurstItem[], timeoutMs = 20_000): Promise<Ack[]> {
  // One listener for the whole burst: a waiter per interaction would make the fake's own
  // bookkeeping quadratic in the burst size and slow Discord's side down.
  const waiting = new Map<string, (r: RecordedRequest) => void>();
  const unsubscribe = fake.onRequest((r) => {
    const id = r.method === 'POST' ? CALLBACK.exec(r.path)?.[1] : undefined;
    const resolve = id === undefined ? undefined : waiting.get(id);
    if (!resolve) return;
    waiting.delete(id!);
    resolve(r);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const acks = items.map((item) => {
      const t0 = now();
      const sent = fake.sendInteraction(slashCommand(item.command, { question: item.question }), { user: { id: item.userId, username: `user${item.userId.slice(-4)}` } });
      // Registering after dispatch is safe: nothing is answered before this synchronous loop ends.
      const callback = new Promise<RecordedRequest>((resolve) => waiting.set(sent.id, resolve));
      return callback.then((cb): Ack => ({ ...item, id: sent.id, token: sent.token, sentAt: t0, ms: cb.at - t0, type: cb.body?.type as number, status: cb.status }));
    });
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`burst: ${waiting.size} of ${items.length} interactions got no callback within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([Promise.all(acks), expired]);
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}

const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

export function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

/** The figures the burst scenario reports. `lateMs` is Discord's deadline for the first response. */
export function summarise(acks: readonly Ack[], lateMs = 3000) {
  const ms = acks.map((a) => a.ms).sort((a, b) => a - b);
  return {
    n: acks.length,
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
    max: ms.at(-1) ?? NaN,
    deferred: acks.filter((a) => a.type === 5 && a.status === 204).length / acks.length,
    late: acks.filter((a) => a.status !== 204 || a.ms > lateMs).length / acks.length,
  };
}
