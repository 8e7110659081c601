import { describe, expect, it } from 'vitest';
import { formatBytes } from '../src/units.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [3_500, '3.4 KB'],
    [54_321, '53 KB'],
    [1_048_000, '1023 KB'],
    [1_048_100, '1.0 MB'],
    [1_048_576, '1.0 MB'],
    [147 * 1_048_576, '147 MB'],
    [1.25 * 1_073_741_824, '1.3 GB'],
    [5 * 1_099_511_627_776, '5.0 TB'],
    [5000 * 1_099_511_627_776, '5000 TB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('never prints a size as zero of a bigger unit', () => {
    for (let bytes = 1; bytes < 1e12; bytes *= 3) expect(formatBytes(bytes)).not.toMatch(/^0\.0 /);
  });
});
