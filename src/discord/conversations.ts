import type { Exchange } from '../answer/followup.js';
import type { SafeStore } from '../store/keyv.js';

/** The last question per person and channel, so "and when?" knows what it follows. */
export interface Conversations {
  recall(userId: string, channelId: string): Promise<Exchange | undefined>;
  remember(userId: string, channelId: string, exchange: Exchange): Promise<void>;
}

export function createConversations(store: SafeStore, ttlMs: number): Conversations {
  const key = (userId: string, channelId: string) => `${userId}:${channelId}`;
  return {
    recall: (userId, channelId) => store.get<Exchange>(key(userId, channelId)),
    async remember(userId, channelId, exchange) {
      await store.set(key(userId, channelId), { question: exchange.question, type: exchange.type }, ttlMs);
    },
  };
}
