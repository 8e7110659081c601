const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;
const KIB = 1024;

/**
 * A size as a person reads it: `512 bytes`, `3.4 KB`, `147 MB`, `1.2 GB` (powers of 1,024, as
 * the corpus limits count MB). One decimal below 10 of a unit, none above, so a figure never
 * rounds to nothing (`0.0 MB`) nor carries digits nobody reads.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < KIB) {
    const n = Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0));
    return `${n} byte${n === 1 ? '' : 's'}`;
  }
  let value = bytes / KIB;
  let unit = 0;
  // Rounded as printed: 1,023.96 KB is 1.0 MB, not "1024 KB".
  while (unit < UNITS.length - 1 && Math.round(value) >= KIB) {
    value /= KIB;
    unit++;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
