/**
 * FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit number: strings are hashed as
 * they are, without encoding them. Stored hash tables (word vectors, snapshot string tables) and
 * the span model's hashed feature columns depend on these exact values.
 */
export function fnv1a(s: string): number {
  return fnv1aFrom(FNV_OFFSET, s) >>> 0;
}

export const FNV_OFFSET = 0x811c9dc5;

/**
 * The hash state after `s`, from the state `h` a prefix left (FNV_OFFSET for none), as a signed
 * 32-bit number: fnv1a(a + b) === fnv1aFrom(fnv1aFrom(FNV_OFFSET, a), b) >>> 0.
 */
export function fnv1aFrom(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
