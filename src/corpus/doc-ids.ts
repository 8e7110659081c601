/**
 * Document ids: derived from the file's path so they survive restarts and re-indexing,
 * and restricted to [a-z0-9-/] so they read well inside `${doc}#${n}` citations.
 */

/** Slugifies each path segment of a relative path (without extension); `/` separates segments. */
export function slugifyPath(relPathNoExt: string): string {
  return relPathNoExt
    .split(/[\\/]+/)
    .filter(Boolean)
    .map(slugifySegment)
    .join('/');
}

function slugifySegment(segment: string): string {
  const slug = segment
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // drop the accents NFKD split off, so "Café" → "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A name with no Latin letters or digits still needs a readable, non-empty id.
  return slug || 'doc';
}

/**
 * Makes ids unique by suffixing `-2`, `-3`, … on collisions (e.g. `a.txt` and `a.md`).
 * Callers pass ids in a deterministic order (sorted paths), so the same folder always
 * yields the same ids.
 */
export function uniqueIds(wanted: readonly string[]): string[] {
  // Every distinct id goes to its first claimant, so a later duplicate can never take a
  // suffixed id (`a-2`) that another file wants as its natural id.
  const natural = new Set(wanted);
  const taken = new Set<string>();
  return wanted.map((id) => {
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
    let n = 2;
    while (taken.has(`${id}-${n}`) || natural.has(`${id}-${n}`)) n++;
    const candidate = `${id}-${n}`;
    taken.add(candidate);
    return candidate;
  });
}
