export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns a file's bytes into text the parsers can trust: UTF-8 only, no BOM, LF line
 * endings. Anything else is reported rather than guessed at, because a mis-decoded file
 * would yield passages that are not verbatim.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  // NUL never appears in text we can cite; it means a binary file or UTF-16.
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes; UTF-16 text is not supported)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (!text.trim()) return { ok: false, reason: 'empty file' };
  return { ok: true, text };
}
