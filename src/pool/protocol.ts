import type { Question } from '../answer/input.js';
import type { Answer, AskOptions } from '../answer/types.js';

/** Main thread → worker: one question. A worker is given one at a time. */
export interface AskMessage {
  id: number;
  question: Question;
  options: AskOptions | undefined;
}

/** Worker → main thread. */
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'answer'; id: number; answer: Answer }
  | { kind: 'failed'; id: number; error: { name: string; message: string; stack?: string } };
