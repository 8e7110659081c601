import { createHash } from 'node:crypto';

/**
 * Every custom id and choice value the bot hands to Discord goes through here, because
 * Discord caps both at 100 characters and gives them back verbatim: one module decides
 * how they are spelled and parsed.
 */
export const MAX_CUSTOM_ID = 100;

export type ButtonAction =
  | { kind: 'passage'; ref: string }
  | { kind: 'sources'; key: string }
  | { kind: 'feedback'; vote: 'up' | 'down'; key: string };

const PREFIX = { passage: 'p:', sources: 's:', up: 'f+:', down: 'f-:' } as const;
const HASHED = '~';

/** A short, stable digest; long enough that collisions within one corpus are not a concern. */
export function digest(text: string, length = 22): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/**
 * A passage id as it can travel in a custom id or autocomplete value. Ids are path-derived
 * and unbounded, so long ones travel as a digest that the passage index maps back.
 */
export function passageRef(id: string): string {
  return id.length + PREFIX.passage.length <= MAX_CUSTOM_ID && !id.startsWith(HASHED) ? id : HASHED + digest(id);
}

export function encodeButton(action: ButtonAction): string {
  const id =
    action.kind === 'passage'
      ? PREFIX.passage + action.ref
      : action.kind === 'sources'
        ? PREFIX.sources + action.key
        : PREFIX[action.vote] + action.key;
  if (id.length > MAX_CUSTOM_ID) throw new RangeError(`custom id longer than ${MAX_CUSTOM_ID} characters: ${id.slice(0, 40)}…`);
  return id;
}

/** Null for ids this bot did not make (or an older version made). */
export function decodeButton(customId: string): ButtonAction | null {
  const take = (prefix: string) => (customId.startsWith(prefix) && customId.length > prefix.length ? customId.slice(prefix.length) : null);
  let rest: string | null;
  if ((rest = take(PREFIX.passage))) return { kind: 'passage', ref: rest };
  if ((rest = take(PREFIX.sources))) return { kind: 'sources', key: rest };
  if ((rest = take(PREFIX.up))) return { kind: 'feedback', vote: 'up', key: rest };
  if ((rest = take(PREFIX.down))) return { kind: 'feedback', vote: 'down', key: rest };
  return null;
}
