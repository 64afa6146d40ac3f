// One progress line per stage of a fit ('features', 'assembly', 'solve', …).
import { createProgress, type ProgressSink, type ProgressStream } from './progress.js';

export function stageProgress(stream: ProgressStream, units: Readonly<Record<string, string>> = {}) {
  let current: { stage: string; sink: ProgressSink } | undefined;
  return {
    update({ stage, done, total }: { stage: string; done: number; total: number }) {
      if (current?.stage !== stage) {
        current?.sink.finish();
        current = { stage, sink: createProgress(stage, units[stage] ?? 'steps', stream) };
      }
      current.sink.update(done, total);
    },
    finish() {
      current?.sink.finish();
      current = undefined;
    },
  };
}
