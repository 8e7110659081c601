/**
 * Questions each person has waiting for an answer. Everyone's questions wait in one queue, in
 * order (the worker pool's); capping each person's share keeps one person from filling it
 * while the others wait behind them.
 */
export interface WaitingPerUser {
  /** Counts one more question of `userId`: the function that counts it out, or null when they are at the cap. */
  enter(userId: string): (() => void) | null;
  readonly cap: number;
}

export function createWaitingPerUser(cap: number): WaitingPerUser {
  const waiting = new Map<string, number>();
  return {
    cap,
    enter(userId) {
      const n = waiting.get(userId) ?? 0;
      if (n >= cap) return null;
      waiting.set(userId, n + 1);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const now = waiting.get(userId)! - 1;
        // Deleted at zero, so the map holds only people with a question in flight.
        if (now > 0) waiting.set(userId, now);
        else waiting.delete(userId);
      };
    },
  };
}
