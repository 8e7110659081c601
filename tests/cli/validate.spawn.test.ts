import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// CI unset on purpose: the bar must stay off because stderr is a pipe, not because of CI.
const validate = (dir: string, env: Record<string, string>) =>
  runCli(['validate', '--corpus', dir], { PATH: process.env.PATH ?? '', NO_COLOR: '1', LOG_LEVEL: 'warn', ...env });

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-validate-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('validate (real process): limits come from the environment, warnings make it fail', () => {
  it('a clean folder with a .jsonl.gz passes', async () => {
    const dir = folder({ 'a.txt': 'Title\nOne paragraph.\n', 'bulk.jsonl.gz': gzipSync(`${JSON.stringify({ title: 'B', text: 'b1\nb2' })}\n`) });
    const { code, stdout, stderr } = await validate(dir, {});
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('bulk.jsonl.gz: 2 passages · B');
    expect(stdout).toMatch(/^ok: 2 documents, 3 passages, 0 warnings/m);
  }, 60_000);

  it('CORPUS_MAX_PASSAGE_CHARS splits, a .pdf is reported, and the exit code is 1; no progress bar into a pipe', async () => {
    const long = 'A sentence of about fifty characters, give or take. '.repeat(20).trim();
    const dir = folder({ 'long.txt': `Long\n${long}\n`, 'paper.pdf': '%PDF' });
    const { code, stdout, stderr } = await validate(dir, { CORPUS_MAX_PASSAGE_CHARS: '200' });
    expect(code).toBe(1);
    expect(stdout).toContain('long.txt: 7 passages');
    expect(stderr).toContain('warning: long.txt: 1 paragraph longer than 200 characters (CORPUS_MAX_PASSAGE_CHARS) split into 7 passages at sentence ends');
    expect(stderr).toContain(`warning: ${dir}: 1 .pdf file (paper.pdf) skipped`);
    expect(stderr).not.toContain('\r');
  }, 60_000);

  it('CORPUS_MAX_FILE_MB refuses a bigger file', async () => {
    const dir = folder({ 'ok.txt': 'Title\nFine.\n', 'big.txt': `Big\n${'x '.repeat(600_000)}\n` });
    const { code, stderr } = await validate(dir, { CORPUS_MAX_FILE_MB: '1' });
    expect(code).toBe(1);
    expect(stderr).toContain('warning: big.txt: 1.1 MB, over the 1.0 MB limit per file (CORPUS_MAX_FILE_MB); skipped');
  }, 60_000);
});
