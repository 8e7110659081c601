import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GIVEN_NAMES_FILE, isGivenName } from '../../src/nlp/given-names.js';
import { findInSortedLines } from '../../src/nlp/sorted-lines.js';

describe('given names', () => {
  it('knows first names from many places, not places, months or other words', () => {
    for (const name of ['farah', 'niamh', 'oluwaseun', 'priya', 'sven', 'grace']) expect(isGivenName(name), name).toBe(true);
    for (const word of ['kabul', 'london', 'may', 'friday', 'taliban', 'workshop', 'Farah', 'al-zawahiri']) expect(isGivenName(word), word).toBe(false);
  });

  it('ships a sorted list, one lower-case name a line, every line found', () => {
    const lines = readFileSync(GIVEN_NAMES_FILE, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20_000);
    expect([...lines].sort()).toEqual(lines);
    expect(lines.filter((l) => !/^[a-z]+$/.test(l))).toEqual([]);
    expect(lines.filter((_, i) => i % 97 === 0).filter((l) => !isGivenName(l))).toEqual([]);
  });
});

describe('findInSortedLines', () => {
  const table = 'ann\nanna x,y\nanne\nb c\nbo\n';

  it('finds a key alone on its line or before its value, and not a key that only starts a longer one', () => {
    expect(findInSortedLines(table, 'ann')).toBe('');
    expect(findInSortedLines(table, 'anna')).toBe('x,y');
    expect(findInSortedLines(table, 'anne')).toBe('');
    expect(findInSortedLines(table, 'b')).toBe('c');
    expect(findInSortedLines(table, 'bo')).toBe('');
    for (const absent of ['an', 'annb', 'a', 'c', 'bob']) expect(findInSortedLines(table, absent), absent).toBeUndefined();
    expect(findInSortedLines('', 'ann')).toBeUndefined();
    expect(findInSortedLines('ann', 'ann')).toBe('');
  });
});
