/** Nice value of each hashing thread (Linux): under load, requests that need no hashing come first. */
export const HASHING_WORKER_NICENESS = 5;

/**
 * The code each hashing worker thread runs. It is source text (run with `eval: true`) rather than a file,
 * so the same pool works from the compiled dist/ and from the TypeScript sources under ts-jest.
 * bcryptjs and @node-rs/argon2 are loaded by the absolute paths the main thread resolved: the worker has no
 * module context. Argon2 runs through its SYNCHRONOUS API: the work stays on this thread, at its nice value,
 * instead of going to libuv's thread pool, which file system and DNS calls share and which runs at normal priority.
 */
export const HASHING_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
const argon2 = require(workerData.argon2Path);
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum in the typings, so it has no runtime object
try {
  // On Linux a thread has its own nice value: hashing then gets the CPU the event loop leaves, never the reverse.
  const threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(threadId, workerData.niceness);
} catch {
  // Not Linux, or not allowed: the threads run at normal priority.
}
function hash({ algorithm, password, cost, argon2: p }) {
  if (algorithm === 'bcrypt') return bcrypt.hashSync(password, cost);
  return argon2.hashSync(password, { algorithm: ARGON2ID, memoryCost: p.memoryKib, timeCost: p.timeCost, parallelism: p.parallelism });
}
function verify({ algorithm, password, hash }) {
  if (algorithm === 'bcrypt') return bcrypt.compareSync(password, hash);
  try {
    return argon2.verifySync(hash, password);
  } catch {
    return false; // a malformed hash matches nothing
  }
}
parentPort.on('message', ({ id, op, task }) => {
  try {
    parentPort.postMessage({ id, result: op === 'hash' ? hash(task) : verify(task) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;
