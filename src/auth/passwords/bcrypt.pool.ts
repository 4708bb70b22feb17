import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BCRYPT_WORKER_NICENESS, BCRYPT_WORKER_SOURCE } from './bcrypt.worker-source';
import { timePasswordWork } from '../../metrics/hooks';

type Operation = { op: 'hash'; args: [string, number] } | { op: 'compare'; args: [string, string] };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * A fixed set of worker threads that run bcrypt, so a login costs the event loop a message, not 250 ms.
 * Tasks go to the worker with the fewest in flight. A worker that dies fails its tasks and is replaced.
 */
export class BcryptPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(size = 0) {
    const count = size > 0 ? size : availableParallelism();
    for (let i = 0; i < count; i++) this.workers.push(this.spawn());
  }

  get size(): number {
    return this.workers.length;
  }

  hash(password: string, cost: number): Promise<string> {
    return this.run({ op: 'hash', args: [password, cost] }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run({ op: 'compare', args: [password, hash] }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private run(task: Operation): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the bcrypt pool is closed'));
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.nextId;
    return timePasswordWork(task.op === 'hash' ? 'hash' : 'verify', new Promise((resolve, reject) => {
      // Referenced only while busy: a pending hash keeps the process alive, an idle pool does not.
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, ...task });
    }));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(BCRYPT_WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptPath: require.resolve('bcryptjs'), niceness: BCRYPT_WORKER_NICENESS },
    });
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const pending = entry.pending.get(id);
      if (!pending) return;
      entry.pending.delete(id);
      if (entry.pending.size === 0) worker.unref();
      if (error !== undefined) pending.reject(new Error(error));
      else pending.resolve(result);
    });
    worker.on('error', (error) => this.replace(entry, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(entry, new Error(`bcrypt worker exited with code ${code}`));
    });
    // After the listeners: attaching a 'message' listener references the worker again.
    worker.unref();
    return entry;
  }

  private replace(entry: PoolWorker, error: Error): void {
    for (const pending of entry.pending.values()) pending.reject(error);
    entry.pending.clear();
    const index = this.workers.indexOf(entry);
    if (index === -1 || this.closed) return;
    this.workers[index] = this.spawn();
  }
}

let shared: BcryptPool | undefined;

/** One pool per process, sized to the cores, however many servers run in it (tests start many). */
export function sharedBcryptPool(): BcryptPool {
  shared ??= new BcryptPool();
  return shared;
}
