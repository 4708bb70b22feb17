'use strict';
// Issue 16, in its own process: password hashes and verifications per second per core, for each algorithm, on ONE
// worker thread of the server's own pool (dist/, nice 5). "Per core" is 1 / (CPU seconds per operation), from
// process.cpuUsage over the run (the main thread only waits), so a core shared with other work still reads right;
// the wall-clock rate is beside it.
const path = require('node:path');

const { HashingPool } = require(path.resolve(__dirname, '../dist/auth/passwords/hashing.pool.js'));
const DURATION_MS = Number(process.env.HASH_MS || 3000);
const ROUNDS = Number(process.env.HASH_ROUNDS || 3);
const SETTINGS = JSON.parse(process.env.HASH_SETTINGS); // [{ name, parameters }]
const PASSWORD = 'bench password 1234';

async function measure(pool, run) {
  await run(); // warm-up
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let ops = 0;
  while (Number(process.hrtime.bigint() - started) / 1e6 < DURATION_MS) {
    await run();
    ops++;
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerOp = (cpu.user + cpu.system) / 1000 / ops;
  return { ops, perSecondWall: (ops * 1000) / wallMs, cpuMsPerOp, perSecondPerCore: 1000 / cpuMsPerOp };
}

async function main() {
  const pool = new HashingPool(1);
  try {
    const hashes = {};
    for (const { name, parameters } of SETTINGS) hashes[name] = await pool.hash(PASSWORD, parameters);
    const samples = Object.fromEntries(SETTINGS.map(({ name }) => [name, { hash: [], verify: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, parameters } of SETTINGS) {
        samples[name].hash.push(await measure(pool, () => pool.hash(PASSWORD, parameters)));
        samples[name].verify.push(await measure(pool, () => pool.verify(PASSWORD, hashes[name], parameters.algorithm)));
      }
    }
    process.stdout.write(JSON.stringify(samples));
  } finally {
    await pool.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
