// The page's side of the worker protocol: request() posts a message with a fresh id and resolves
// with the final reply for that id; progress and MD frames go to the callback on the way.
import type { Reply, Request } from '../protocol.js';

type Final = Extract<Reply, { type: 'loaded' | 'features-done' | 'fit-done' | 'md-done' }>;
type Event = Extract<Reply, { type: 'progress' | 'md-frame' }>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (reply: Final) => void;
  reject: (error: Error) => void;
  onEvent?: (event: Event) => void;
}

export class WorkerClient {
  readonly ready: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly worker: Worker) {
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    worker.addEventListener('message', (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (reply.type === 'ready') return resolveReady();
      if (reply.type === 'error' && reply.id === -1) return rejectReady(new Error(reply.message));
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      if (reply.type === 'progress' || reply.type === 'md-frame') return pending.onEvent?.(reply);
      this.pending.delete(reply.id);
      if (reply.type === 'error') pending.reject(new Error(reply.message));
      else pending.resolve(reply);
    });
    worker.addEventListener('error', (event) => {
      const error = new Error(`the worker failed: ${event.message || 'could not load'}`);
      rejectReady(error);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    });
  }

  request<T extends Final['type']>(
    message: WithoutId<Exclude<Request, { type: 'stop' }>>,
    expect: T,
    onEvent?: (event: Event) => void,
  ): { id: number; done: Promise<Extract<Final, { type: T }>> } {
    const id = this.nextId++;
    const done = new Promise<Final>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent });
      this.worker.postMessage({ ...message, id } as Request);
    }).then((reply) => {
      if (reply.type !== expect) throw new Error(`expected '${expect}' from the worker, got '${reply.type}'`);
      return reply as Extract<Final, { type: T }>;
    });
    return { id, done };
  }

  stop(id: number): void {
    this.worker.postMessage({ type: 'stop', id } satisfies Request);
  }
}
