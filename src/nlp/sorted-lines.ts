/**
 * Look-ups in a sorted text table without parsing it: a line is a key, or a key, a space and its
 * value. Building a map of tens of thousands of keys costs every start tens of milliseconds (more
 * on a busy machine); a binary search in the text costs about fifteen string comparisons.
 */

/**
 * The value of `key`'s line ("" when the line is the key alone), or undefined when no line has it.
 * A line is the key, whole, then its end or a space and the value; lines sort as JavaScript
 * strings, so a key's own line comes before a longer key it begins ("v pay" before "v pay_back").
 */
export function findInSortedLines(body: string, key: string): string | undefined {
  let lo = 0;
  let hi = body.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = body.lastIndexOf('\n', mid - 1) + 1;
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    const head = body.slice(start, start + key.length);
    if (head === key) {
      const after = start + key.length;
      if (after === end) return '';
      if (body.charCodeAt(after) === 32) return body.slice(after + 1, end);
    }
    // A line whose first key.length characters equal the key but go on is a longer key: after it.
    if (head < key) lo = end + 1;
    else hi = start;
  }
  return undefined;
}
