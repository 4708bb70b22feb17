import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Argon2Parameters, PasswordHashAlgorithm } from '../../config/password-hash.config';
import { HASHING_WORKER_NICENESS, HASHING_WORKER_SOURCE } from './hashing.worker-source';
import { timePasswordWork } from '../../metrics/hooks';

/** How to make a new hash: the algorithm and its parameters. */
export type HashParameters = { algorithm: 'bcrypt'; cost: number } | { algorithm: 'argon2id'; argon2: Argon2Parameters };

type Operation =
  | { op: 'hash'; task: HashParameters & { password: string } }
  | { op: 'verify'; task: { algorithm: PasswordHashAlgorithm; password: string; hash: string } };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * A fixed set of worker threads that hash and verify passwords (bcrypt and Argon2id), so a login costs the
 * event loop a message, not 250 ms. Tasks go to the worker with the fewest in flight. A worker that dies
 * fails its tasks and is replaced.
 */
export class HashingPool {
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

  hash(password: string, parameters: HashParameters): Promise<string> {
    return this.run({ op: 'hash', task: { ...parameters, password } }) as Promise<string>;
  }

  /** Checks a password against a hash of the given algorithm (the caller read it from the hash). */
  verify(password: string, hash: string, algorithm: PasswordHashAlgorithm): Promise<boolean> {
    return this.run({ op: 'verify', task: { algorithm, password, hash } }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private run(operation: Operation): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the password hashing pool is closed'));
    const target = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.nextId;
    return timePasswordWork(operation.op === 'hash' ? 'hash' : 'verify', new Promise((resolve, reject) => {
      // Referenced only while busy: a pending hash keeps the process alive, an idle pool does not.
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, ...operation });
    }));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(HASHING_WORKER_SOURCE, {
      eval: true,
      workerData: {
        bcryptPath: require.resolve('bcryptjs'),
        argon2Path: require.resolve('@node-rs/argon2'),
        niceness: HASHING_WORKER_NICENESS,
      },
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
      if (!this.closed) this.replace(entry, new Error(`password hashing worker exited with code ${code}`));
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

let shared: HashingPool | undefined;

/** One pool per process, sized to the cores, however many servers run in it (tests start many). */
export function sharedHashingPool(): HashingPool {
  shared ??= new HashingPool();
  return shared;
}
