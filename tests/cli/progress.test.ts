import { describe, expect, it } from 'vitest';
import { createProgressBar, formatProgress, PROGRESS_DELAY_MS, PROGRESS_INTERVAL_MS, shouldShowProgress } from '../../src/cli/progress.js';

const MB = 1024 * 1024;
const at = (filesDone: number, bytesDone: number, passages: number) => ({ filesDone, filesTotal: 8, bytesDone, bytesTotal: 32 * MB, passages });

describe('formatProgress', () => {
  it('shows the bar, files, passages, MB/s and ETA', () => {
    // 8 of 32 MB in 2 s: 4 MB/s, 24 MB left, so 6 s.
    expect(formatProgress(at(2, 8 * MB, 41_250), 2_000, 80)).toBe('[########----------------------] 2/8 files · 41,250 passages · 4.0 MB/s · ETA 6s');
  });

  it('says "ETA …" before any byte is read and "done" at the end', () => {
    expect(formatProgress(at(0, 0, 0), 0, 80)).toMatch(/^\[-+\] 0\/8 files · 0 passages · 0 bytes\/s · ETA …$/);
    expect(formatProgress(at(8, 32 * MB, 166_049), 8_000, 80)).toMatch(/^\[#+\] 8\/8 files · 166,049 passages · 4\.0 MB\/s · done$/);
  });

  it('writes long ETAs in minutes and hours', () => {
    expect(formatProgress(at(1, MB, 10), 10_000, 100)).toContain('ETA 5m10s');
    expect(formatProgress({ ...at(1, MB, 10), bytesTotal: 1_000 * MB }, 10_000, 100)).toContain('ETA 2h46m');
  });

  it('fits the width: the bar shrinks, and goes when there is no room', () => {
    for (const width of [200, 80, 72, 66, 40, 20]) expect(formatProgress(at(2, 8 * MB, 41_250), 2_000, width).length).toBeLessThanOrEqual(width);
    expect(formatProgress(at(2, 8 * MB, 41_250), 2_000, 200)).toMatch(/^\[#{8}-{22}\] /);
    expect(formatProgress(at(2, 8 * MB, 41_250), 2_000, 60)).toMatch(/^\[#{3}-{7}\] /);
    expect(formatProgress(at(2, 8 * MB, 41_250), 2_000, 50)).toBe('2/8 files · 41,250 passages · 4.0 MB/s · ETA 6s');
  });

  it('uses files for the bar when sizes are unknown', () => {
    expect(formatProgress({ filesDone: 1, filesTotal: 2, bytesDone: 0, bytesTotal: 0, passages: 3 }, 1_000, 80)).toMatch(/^\[#{15}-{15}\]/);
  });
});

describe('shouldShowProgress', () => {
  it('only on a terminal, not in --json mode, not in CI', () => {
    expect(shouldShowProgress({ isTTY: true }, {}, false)).toBe(true);
    expect(shouldShowProgress({ isTTY: false }, {}, false)).toBe(false);
    expect(shouldShowProgress({}, {}, false)).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, {}, true)).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, { CI: 'true' }, false)).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, { CI: '1' }, false)).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, { CI: 'false' }, false)).toBe(true);
  });
});

describe('createProgressBar', () => {
  function fakeTerminal() {
    const writes: string[] = [];
    let t = 0;
    return { out: { write: (s: string) => writes.push(s), columns: 81 }, writes, now: () => t, advance: (ms: number) => void (t += ms) };
  }

  it('stays silent for a quick load', () => {
    const term = fakeTerminal();
    const bar = createProgressBar(term.out, term.now);
    bar.update(at(4, 16 * MB, 10));
    term.advance(PROGRESS_DELAY_MS - 1);
    bar.update(at(8, 32 * MB, 20));
    bar.done();
    expect(term.writes).toEqual([]);
  });

  it('redraws one line in place, throttled, and clears it when done', () => {
    const term = fakeTerminal();
    const bar = createProgressBar(term.out, term.now);
    term.advance(PROGRESS_DELAY_MS);
    bar.update(at(1, 4 * MB, 10));
    bar.update(at(1, 5 * MB, 11)); // within the interval: skipped
    term.advance(PROGRESS_INTERVAL_MS);
    bar.update(at(2, 8 * MB, 20));
    bar.done();
    expect(term.writes).toHaveLength(3);
    expect(term.writes[0]).toBe(`\r${formatProgress(at(1, 4 * MB, 10), PROGRESS_DELAY_MS, 80)}\x1b[K`);
    expect(term.writes[1]).toContain('2/8 files · 20 passages');
    expect(term.writes[2]).toBe('\r\x1b[K');
  });
});

describe('formatAnalysis', () => {
  it('counts passages analysed, their rate and what is left', async () => {
    const { formatAnalysis } = await import('../../src/cli/progress.js');
    expect(formatAnalysis({ done: 1000, total: 4000 }, 2_000, 80)).toBe('[########----------------------] analysing 1,000/4,000 passages · 500/s · ETA 6s');
    expect(formatAnalysis({ done: 4000, total: 4000 }, 2_000, 80)).toMatch(/ · done$/);
    expect(formatAnalysis({ done: 10, total: 4000 }, 2_000, 30).length).toBeLessThanOrEqual(30);
  });
});
