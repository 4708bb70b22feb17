/** Nice value of each bcrypt thread (Linux): under load, requests that need no hashing come first. */
export const BCRYPT_WORKER_NICENESS = 5;

/**
 * The code each bcrypt worker thread runs. It is source text (run with `eval: true`) rather than a file,
 * so the same pool works from the compiled dist/ and from the TypeScript sources under ts-jest.
 * bcryptjs is loaded by the absolute path the main thread resolved: the worker has no module context.
 */
export const BCRYPT_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
try {
  // On Linux a thread has its own nice value: bcrypt then gets the CPU the event loop leaves, never the reverse.
  const threadId = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(threadId, workerData.niceness);
} catch {
  // Not Linux, or not allowed: the threads run at normal priority.
}
parentPort.on('message', async ({ id, op, args }) => {
  try {
    const result = op === 'hash' ? await bcrypt.hash(args[0], args[1]) : await bcrypt.compare(args[0], args[1]);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;
