import { describe, expect, it } from 'vitest';
import { decodeVarintList, encodeVarintLists } from '../../src/index/varint.js';

describe('varint lists', () => {
  it('give back every list as it was, empty lists and the largest 32-bit values included', () => {
    const lists = [[0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 2 ** 32 - 1], [], [5], [], [179643, 0, 179642]];
    const values = Uint32Array.from(lists.flat());
    const offsets = new Uint32Array(lists.length + 1);
    lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length));
    const packed = encodeVarintLists(values, offsets);
    expect(packed.offsets.length).toBe(offsets.length);
    lists.forEach((l, i) => expect([...decodeVarintList(packed.bytes, packed.offsets, i)]).toEqual(l));
    // One byte for ids under 128, five for the largest.
    expect(packed.offsets[3]! - packed.offsets[2]!).toBe(1);
    expect(packed.bytes.length).toBe(1 + 1 + 1 + 2 + 2 + 3 + 3 + 4 + 4 + 5 + 5 + 1 + 3 + 1 + 3);
  });

  it('encode no lists to no bytes', () => {
    const packed = encodeVarintLists(new Uint32Array(0), new Uint32Array([0]));
    expect(packed.bytes.length).toBe(0);
    expect([...packed.offsets]).toEqual([0]);
  });
});
