'use strict';
// The bench's options, from environment variables (see README's Benchmarks table); BENCH_QUICK=1 picks the
// smoke-run defaults in parentheses there.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (name, full, fast) => Number(env[name] || (quick ? fast : full));

const options = {
  quick,
  rounds: num('BENCH_ROUNDS', 5, 2),
  duration: num('BENCH_DURATION', 10, 1),
  connections: num('BENCH_CONNECTIONS', 16, 8),
  users: num('BENCH_USERS', 200, 8),
  tokensPerUser: num('BENCH_TOKENS_PER_USER', 10, 3),
  loginRate: num('BENCH_LOGIN_RATE', 4, 4),
  bcryptCost: num('BENCH_BCRYPT_COST', 12, 4),
  soakSeconds: Number(env.BENCH_SOAK || 0),
  outDir: path.resolve(ROOT, env.BENCH_OUT || 'docs/benchmarks'),
  label: env.BENCH_LABEL || 'shared 2-core machine, other engineers running tests at the same time (noisy)',
};

module.exports = { options };
