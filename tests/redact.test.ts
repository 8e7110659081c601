import { Writable } from 'node:stream';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createRedactor, REDACTED, redactUrl } from '../src/redact.js';

const BOT_TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.not-a-real-token-0123456789';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmFiY2RlZmdo';
const APP = '1098765432109876543';
const CALLBACK = `https://discord.com/api/v10/interactions/1234567890123456789/${INTERACTION_TOKEN}/callback?with_response=false`;
const FOLLOW_UP = `https://discord.com/api/v10/webhooks/${APP}/${INTERACTION_TOKEN}/messages/@original`;
const WEBHOOK = 'https://discord.com/api/webhooks/223456789012345678/Xy_9-webhookSecretPart0123456789abcdef';

function capture(secrets?: string[]) {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: createLogger('info', sink, { secrets }), text: () => text, lines: () => text.trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('createRedactor', () => {
  const redact = createRedactor();

  it.each([
    ['a bot token anywhere in text', `login failed for ${BOT_TOKEN} today`, BOT_TOKEN, 'login failed for'],
    ['a Bot authorization header', 'Authorization: Bot abcdefgh.ijklmnop', 'abcdefgh.ijklmnop', 'Authorization: Bot'],
    ['an interaction callback URL', `POST ${CALLBACK} failed`, INTERACTION_TOKEN, '/interactions/1234567890123456789/'],
    ['an interaction follow-up URL', `PATCH ${FOLLOW_UP}`, INTERACTION_TOKEN, `/webhooks/${APP}/`],
    ['a webhook URL', `posting to ${WEBHOOK}`, 'Xy_9-webhookSecretPart0123456789abcdef', '/webhooks/223456789012345678/'],
    ['a Redis password with no user', 'connect to redis://:s3cret-pass@cache.internal:6379/2', 's3cret-pass', 'cache.internal:6379/2'],
    ['a Redis user and password', 'rediss://dossier:hunter2hunter2@redis.example.com:6380', 'hunter2hunter2', 'rediss://dossier:'],
    ['a Redis URL whose user part is the password', 'redis://onlythepassword@10.0.0.5:6379', 'onlythepassword', '10.0.0.5:6379'],
    ['a password holding an @', 'lost redis://dossier:pa@ss-word@cache:6379/0 again', 'ss-word', 'cache:6379/0 again'],
  ])('%s', (_what, text, secret, kept) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(out).toContain(kept);
  });

  it('redacts exact secrets it is given, whatever their shape, and leaves ordinary text alone', () => {
    const withToken = createRedactor(['custom-shaped-token-value', 'short']);
    expect(withToken('token custom-shaped-token-value leaked')).toBe(`token ${REDACTED} leaked`);
    expect(withToken('a short question about redis and webhooks')).toBe('a short question about redis and webhooks');
    expect(redact('When was Zawahiri killed? see https://example.com/a.b.c')).toBe('When was Zawahiri killed? see https://example.com/a.b.c');
  });
});

describe('redactUrl (KEYV_URL in logs and messages)', () => {
  it.each([
    ['redis://dossier:hunter2-secret@127.0.0.1:6379/0', `redis://dossier:${REDACTED}@127.0.0.1:6379/0`],
    ['redis://:pw@cache:6379', `redis://:${REDACTED}@cache:6379`],
    ['rediss://onlythepassword@redis.example.com', `rediss://${REDACTED}@redis.example.com`],
    ['redis://user:p@ss@host:6379', `redis://user:${REDACTED}@host:6379`],
    ['redis://us er:pw@host', `redis://us%20er:${REDACTED}@host`],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('leaves a URL without credentials as it is, and keeps only the scheme of an unparseable one', () => {
    for (const url of ['sqlite://data/dossier.sqlite', 'sqlite://data/a@b.sqlite', 'redis://127.0.0.1:6379', 'memory']) expect(redactUrl(url)).toBe(url);
    expect(redactUrl('redis://user:secret@[not-a-host')).toBe('redis:(unparseable url)');
  });
});

describe('every logged error passes through redaction', () => {
  it('an HTTPError after repeated 5xx: no interaction token and no request body in the log', () => {
    const { logger, text, lines } = capture();
    const error = new HTTPError(503, 'Service Unavailable', 'POST', CALLBACK, {
      body: { type: 4, data: { content: 'the whole answer text' } },
      files: undefined,
    });
    logger.error({ err: error, interactionId: '1234567890123456789' }, 'interaction handler failed');
    expect(text()).not.toContain(INTERACTION_TOKEN);
    expect(text()).not.toContain('the whole answer text');
    expect(lines()[0].err).toMatchObject({ type: 'HTTPError', status: 503, method: 'POST', url: expect.stringContaining(`/interactions/1234567890123456789/${REDACTED}/callback`) });
  });

  it('a DiscordAPIError on a follow-up: the URL keeps its route, loses its token', () => {
    const { logger, text, lines } = capture();
    const error = new DiscordAPIError({ message: 'Unknown Webhook', code: 10015 }, 10015, 404, 'PATCH', FOLLOW_UP, { body: { content: 'x' }, files: undefined });
    logger.warn({ err: error }, 'expired');
    expect(text()).not.toContain(INTERACTION_TOKEN);
    expect(lines()[0].err).toMatchObject({ code: 10015, status: 404, url: expect.stringContaining(`/webhooks/${APP}/${REDACTED}/messages/@original`) });
  });

  it('secrets in messages, stacks, causes and extra fields of any error', () => {
    const { logger, text } = capture([BOT_TOKEN]);
    const cause = new Error(`webhook ${WEBHOOK} refused`);
    const error = Object.assign(new Error(`Redis redis://:s3cret-pass@cache:6379 down; token ${BOT_TOKEN}`, { cause }), { options: { url: 'redis://admin:pw-in-options@cache:6379' } });
    logger.error({ err: error }, 'store error');
    logger.error(error, 'logged bare');
    for (const secret of [BOT_TOKEN, 's3cret-pass', 'Xy_9-webhookSecretPart0123456789abcdef', 'pw-in-options']) expect(text()).not.toContain(secret);
    expect(text()).toContain('cache:6379');
  });

  it('a thrown non-Error value is redacted too', () => {
    const { logger, text } = capture();
    logger.error({ err: `failed: ${CALLBACK}` }, 'odd throw');
    expect(text()).not.toContain(INTERACTION_TOKEN);
  });
});
