import type { LoadProgress } from '../corpus/load.js';
import { formatBytes } from '../units.js';

/** Loads shorter than this never show a bar: a flash of one line is noise, not news. */
export const PROGRESS_DELAY_MS = 500;
/** Redraws at most this often; the loader reports far more often than a person can read. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * A bar goes to a terminal only: never into a pipe or a log file, never in --json mode (where
 * stderr may be read by a program), and never in CI, whose log viewers show every redraw.
 */
export function shouldShowProgress(stderr: { isTTY?: boolean }, env: Record<string, string | undefined>, json: boolean): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return Boolean(stderr.isTTY) && !json && !ci;
}

const count = (n: number) => n.toLocaleString('en-US');

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * One line of progress, at most `width` columns: bar, files, passages, bytes a second and ETA, e.g.
 * `[#########-----------] 3/8 files · 61,204 passages · 4.1 MB/s · ETA 5s`. Pure.
 * Rate and ETA are by bytes read from disk, the one measure known up front.
 */
export function formatProgress(p: LoadProgress, elapsedMs: number, width = 80): string {
  const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  const clamped = Math.min(1, Math.max(0, fraction));
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? p.bytesDone / seconds : 0;
  const remaining = rate > 0 ? ((p.bytesTotal - p.bytesDone) / rate) * 1000 : NaN;
  const eta = p.filesDone >= p.filesTotal ? 'done' : Number.isFinite(remaining) && p.bytesDone > 0 ? `ETA ${duration(remaining)}` : 'ETA …';
  const text = [
    `${count(p.filesDone)}/${count(p.filesTotal)} files`,
    `${count(p.passages)} passages`,
    `${formatBytes(rate)}/s`,
    eta,
  ].join(' · ');
  const barWidth = Math.min(30, width - text.length - 3);
  if (barWidth < 5) return text.slice(0, width);
  const filled = Math.round(clamped * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${text}`;
}

/**
 * The analysis of the passages once the corpus is read, e.g.
 * `[######--------] analysing 61,204/166,003 passages · 1,480/s · ETA 1m11s`. Pure.
 */
export function formatAnalysis(p: { done: number; total: number }, elapsedMs: number, width = 80): string {
  const fraction = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  const rate = elapsedMs > 0 ? (p.done / elapsedMs) * 1000 : 0;
  const eta = p.done >= p.total ? 'done' : rate > 0 ? `ETA ${duration(((p.total - p.done) / rate) * 1000)}` : 'ETA …';
  const text = [`analysing ${count(p.done)}/${count(p.total)} passages`, `${count(Math.round(rate))}/s`, eta].join(' · ');
  const barWidth = Math.min(30, width - text.length - 3);
  if (barWidth < 5) return text.slice(0, width);
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${text}`;
}

export interface ProgressBar<P = LoadProgress> {
  update(progress: P): void;
  /** Clears the bar, so what follows starts on a clean line. */
  done(): void;
}

type Out = { write(s: string): unknown; columns?: number };

/** Draws formatProgress on one terminal line, redrawn in place. */
export function createProgressBar(out: Out, now: () => number = () => performance.now()): ProgressBar {
  return drawInPlace(out, now, formatProgress);
}

/** Draws formatAnalysis the same way. */
export function createAnalysisBar(out: Out, now: () => number = () => performance.now()): ProgressBar<{ done: number; total: number }> {
  return drawInPlace(out, now, formatAnalysis);
}

function drawInPlace<P>(out: Out, now: () => number, format: (p: P, elapsedMs: number, width: number) => string): ProgressBar<P> {
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      if (t - started < PROGRESS_DELAY_MS || t - drawnAt < PROGRESS_INTERVAL_MS) return;
      drawnAt = t;
      drawn = true;
      // \r returns to the line's start; ESC[K clears what a longer previous line left behind.
      out.write(`\r${format(progress, t - started, (out.columns || 80) - 1)}\x1b[K`);
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}
