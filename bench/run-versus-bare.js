'use strict';
// Scenario (6) alone: `node bench/run-versus-bare.js` builds, starts tokengate and the bare Apollo Server on
// Express, runs the interleaved rounds of (6) and prints section (6) of the report (markdown) with its
// conditions. Same options as `npm run bench` (BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_USERS,
// BENCH_TOKENS_PER_USER, BENCH_BCRYPT_COST, BENCH_QUICK, BENCH_SKIP_BUILD); writes nothing.
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const clients = require('./clients');
const { options } = require('./options');
const { versusBareSection } = require('./report-versus-bare');
const { tokengateEnv } = require('./server-env');
const { startServer } = require('./server-process');
const { startBare, versusBareRound, describeRound } = require('./versus-bare');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const started = new Date();
  if (process.env.BENCH_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const server = await startServer(tokengateEnv(options.bcryptCost));
  let bare;
  try {
    console.error(`setting up ${options.users} users × ${options.tokensPerUser} tokens (bcrypt cost ${options.bcryptCost})`);
    const { accessTokens } = await clients.createSessions(server.url, { ...options, label: 'versus-bare' });
    bare = await startBare(server.url, accessTokens);
    const load = { connections: options.connections, duration: options.duration };
    // Neither server has run `me` under load yet: both warm up alike before round 1.
    const warmUp = { ...load, duration: Math.min(options.duration, 3) };
    await clients.me(server.url, accessTokens, warmUp);
    await clients.me(bare.url, accessTokens, warmUp);
    const rounds = [];
    for (let round = 1; round <= options.rounds; round++) {
      rounds.push(await versusBareRound(round, server, bare, accessTokens, load));
      console.error(`round ${round}/${options.rounds}: ${describeRound(rounds[rounds.length - 1])}`);
    }
    const [load1, load5] = os.loadavg();
    console.log(
      [
        `${started.toISOString()}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores; Node ${process.version}; ` +
          `load average at the end ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min)`,
        `${options.rounds} interleaved rounds of ${options.duration} s per server, ${options.connections} connections, ` +
          `${accessTokens.length} distinct access tokens (${options.users} users)`,
        '',
        ...versusBareSection(rounds).lines,
      ].join('\n'),
    );
  } finally {
    await bare?.stop();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
