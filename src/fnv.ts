/**
 * FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit number: strings are hashed as
 * they are, without encoding them. Stored hash tables (word vectors, snapshot string tables) and
 * the span model's hashed feature columns depend on these exact values.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
