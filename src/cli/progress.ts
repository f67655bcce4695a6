// Batch progress on standard error: a bar with runs done, runs per second and ETA on a terminal; a plain line every
// few seconds otherwise (logs of CI and cluster jobs); nothing with --quiet. Rates count this session's runs only,
// so a resumed batch does not look faster than it is.
import cliProgress from 'cli-progress';
import type { ProgressSink } from '../sim/batch/run-batch.js';
import type { ProgressCallback } from '../api/index.js';

const LINE_EVERY_MS = 5_000;

export function progressSink(opts: { quiet: boolean; label: string }): ProgressSink | undefined {
  if (opts.quiet) return undefined;
  return process.stderr.isTTY ? barSink(opts.label) : lineSink(opts.label);
}

const duration = (s: number): string =>
  !Number.isFinite(s) ? '?' : s < 60 ? `${Math.round(s)} s` : s < 3600 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${(s / 3600).toFixed(1)} h`;

function rateOf(startMs: number, startFinished: number, finished: number): { rate: number; eta: (left: number) => number } {
  const secs = (Date.now() - startMs) / 1000;
  const rate = secs > 0 ? (finished - startFinished) / secs : 0;
  return { rate, eta: (left) => (rate > 0 ? left / rate : Infinity) };
}

function barSink(label: string): ProgressSink {
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} |{bar}| {value}/{total} runs · {rate} runs/s · ETA {etaText} · {failed} failed`,
    hideCursor: true,
    fps: 5,
  }, cliProgress.Presets.shades_classic);
  let startMs = 0, startFinished = 0, total = 0, active = false;
  return {
    start: (t, already) => {
      total = t; startMs = Date.now(); startFinished = already; active = true;
      bar.start(t, already, { rate: '–', etaText: '?', failed: 0 });
    },
    update: (finished, failed) => {
      const { rate, eta } = rateOf(startMs, startFinished, finished);
      bar.update(finished, { rate: rate.toFixed(1), etaText: duration(eta(total - finished)), failed });
    },
    stop: () => {
      if (active) bar.stop();
      active = false;
    },
  };
}

function lineSink(label: string): ProgressSink {
  let startMs = 0, startFinished = 0, total = 0, lastMs = 0, last = { finished: 0, failed: 0 }, active = false;
  const line = (finished: number, failed: number): void => {
    const { rate, eta } = rateOf(startMs, startFinished, finished);
    const pct = total > 0 ? Math.floor((100 * finished) / total) : 100;
    process.stderr.write(`${label}: ${finished}/${total} runs (${pct}%), ${rate.toFixed(1)} runs/s, ` +
      `${finished < total ? `ETA ${duration(eta(total - finished))}, ` : ''}${failed} failed\n`);
  };
  return {
    start: (t, already) => {
      total = t; startMs = lastMs = Date.now(); startFinished = already; active = true;
      last = { finished: already, failed: 0 };
    },
    update: (finished, failed) => {
      last = { finished, failed };
      if (Date.now() - lastMs >= LINE_EVERY_MS) { lastMs = Date.now(); line(finished, failed); }
    },
    stop: () => {
      if (active) line(last.finished, last.failed);
      active = false;
    },
  };
}

/** The API's progress callback drawn as the CLI's bars or lines: one sink per label, started on its first call,
 *  stopped on its final one (undefined with --quiet). */
export function progressCallback(quiet: boolean): ProgressCallback | undefined {
  if (quiet) return undefined;
  const sinks = new Map<string, ProgressSink | undefined>();
  return (p) => {
    if (!sinks.has(p.label)) {
      const sink = progressSink({ quiet, label: p.label });
      sinks.set(p.label, sink);
      sink?.start(p.total, p.finished);
      if (!p.final) return;
    }
    const sink = sinks.get(p.label);
    if (p.final) {
      sink?.update(p.finished, p.failed);
      sink?.stop();
      sinks.delete(p.label);
    } else sink?.update(p.finished, p.failed);
  };
}
