/**
 * The code each bcrypt worker thread runs. It is source text (run with `eval: true`) rather than a file,
 * so the same pool works from the compiled dist/ and from the TypeScript sources under ts-jest.
 * bcryptjs is loaded by the absolute path the main thread resolved: the worker has no module context.
 */
export const BCRYPT_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', async ({ id, op, args }) => {
  try {
    const result = op === 'hash' ? await bcrypt.hash(args[0], args[1]) : await bcrypt.compare(args[0], args[1]);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;
