import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySamples, README, renderSamples, withoutTimings } from '../../scripts/docs-samples.js';

describe('README samples', () => {
  it('show what the shipped corpus answers today (npm run docs:samples regenerates them)', async () => {
    const readme = readFileSync(README, 'utf8');
    const current = applySamples(readme, await renderSamples());
    expect(withoutTimings(readme)).toBe(withoutTimings(current));
  }, 60_000);

  it('a sample the README has no place for is an error, not a silent skip', () => {
    expect(() => applySamples('no markers here', new Map([['json-line', '{}']]))).toThrow(/no <!-- sample:json-line -->/);
  });
});
