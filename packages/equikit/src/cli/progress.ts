// Progress for long work: on a TTY one redrawn line with a bar, a rate and the time left;
// elsewhere (pipes, CI logs) a plain line at every 10 %.

export interface ProgressSink {
  /** Called with done/total as work proceeds; the last call has done === total. */
  update(done: number, total: number): void;
  /** Ends the line (TTY) or prints the final line. */
  finish(): void;
}

export interface ProgressStream {
  write(text: string): void;
  isTTY?: boolean;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createProgress(label: string, unit: string, stream: ProgressStream, now: () => number = () => performance.now()): ProgressSink {
  const start = now();
  let lastDecile = -1;
  let lastDone = 0;
  let lastTotal = 0;
  let drawn = false;
  const describe = (done: number, total: number) => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = rate > 0 ? (total - done) / rate : Infinity;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    return { percent, text: `${rate.toFixed(rate < 10 ? 2 : 0)} ${unit}/s, ${done < total ? `${formatSeconds(left)} left` : `${formatSeconds(elapsed)} total`}` };
  };
  return {
    update(done, total) {
      lastDone = done;
      lastTotal = total;
      const { percent, text } = describe(done, total);
      if (stream.isTTY) {
        const width = 24;
        const filled = Math.round((width * percent) / 100);
        stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total} ${text}\x1b[K`);
        drawn = true;
      } else {
        const decile = Math.floor(percent / 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${percent}% (${done}/${total}), ${text}\n`);
        }
      }
    },
    finish() {
      if (stream.isTTY && drawn) stream.write('\n');
      else if (!stream.isTTY && lastDecile < 10 && lastTotal > 0) {
        lastDecile = 10;
        stream.write(`${label}: 100% (${lastDone}/${lastTotal}), ${describe(lastDone, lastTotal).text}\n`);
      }
    },
  };
}
