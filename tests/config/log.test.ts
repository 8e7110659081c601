import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

const SECRET = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.not-a-real-token-0123456789';

function capture() {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { sink, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('writes one JSON object per line at the requested level', () => {
    const out = capture();
    const logger = createLogger('info', out.sink);
    logger.debug('hidden');
    logger.info({ questions: 3 }, 'ready');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'ready', questions: 3, name: 'dossier' });
  });

  it('redacts token-like fields wherever the adapter is likely to put them', () => {
    const out = capture();
    const logger = createLogger('info', out.sink);
    logger.info({ token: SECRET }, 'a');
    logger.info({ client: { token: SECRET } }, 'b');
    logger.info({ authorization: `Bot ${SECRET}` }, 'c');
    logger.info({ headers: { authorization: `Bot ${SECRET}` } }, 'd');
    logger.info({ request: { headers: { authorization: `Bot ${SECRET}` } } }, 'e');
    logger.info({ discordToken: SECRET }, 'f');
    logger.info({ config: { discordToken: SECRET, corpusDir: './corpus' } }, 'g');
    logger.child({ config: { discordToken: SECRET } }).info('h');
    expect(out.text()).not.toContain(SECRET);
    expect(out.text()).not.toContain('GaBcDe');
    const lines = out.lines();
    expect(lines).toHaveLength(8);
    expect(lines[6].config).toEqual({ discordToken: '[redacted]', corpusDir: './corpus' });
  });

  it('logs nothing when silent', () => {
    const out = capture();
    createLogger('silent', out.sink).fatal('nope');
    expect(out.text()).toBe('');
  });

  it('writes readable, redacted lines without colour codes when pretty is asked for without colour', () => {
    const out = capture();
    const logger = createLogger('info', out.sink, { pretty: true, color: false });
    logger.info({ questions: 3, token: SECRET }, 'ready');
    const text = out.text();
    expect(text).toMatch(/INFO.*ready/);
    expect(text).toContain('questions: 3');
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/\x1b\[/);
    expect(() => JSON.parse(text)).toThrow();
  });
});
