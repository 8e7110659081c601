import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/corpus/decode.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeText', () => {
  it('strips a UTF-8 BOM and normalises CRLF and lone CR to LF', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\r\nb\rc\n'))).toEqual({ ok: true, text: 'a\nb\nc\n' });
  });

  it('rejects NUL bytes, invalid UTF-8 and whitespace-only text', () => {
    expect(decodeText(bytes('a', [0], 'b'))).toMatchObject({ ok: false, reason: expect.stringMatching(/binary/) });
    expect(decodeText(bytes('caf', [0xe9]))).toEqual({ ok: false, reason: 'not valid UTF-8 text' });
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], ' \r\n\t'))).toEqual({ ok: false, reason: 'empty file' });
    expect(decodeText(new Uint8Array())).toEqual({ ok: false, reason: 'empty file' });
  });
});
