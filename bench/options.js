'use strict';
// The bench's options, from environment variables (see README's Benchmarks table); BENCH_QUICK=1 picks the
// smoke-run defaults in parentheses there.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (name, full, fast) => Number(env[name] || (quick ? fast : full));

const SECTIONS = ['core', 'signing', 'algorithms', 'passwords', 'sockets', 'documents'];
function parseOnly(text) {
  if (!text) return new Set(SECTIONS);
  const names = text.split(',').map((name) => name.trim()).filter(Boolean).flatMap((name) => (name === 'new' ? SECTIONS.slice(1, 4) : [name]));
  const unknown = names.filter((name) => !SECTIONS.includes(name));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown part ${unknown.join(', ')} (known: new, ${SECTIONS.join(', ')})`);
  return new Set(names);
}

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
  // Issue 16's rows: the default Argon2id parameters (quick: the cheapest), the storm's login rate, and the
  // connections that drive logins as fast as the server takes them.
  argon2MemoryKib: num('BENCH_ARGON2_MEMORY_KIB', 19456, 19456),
  argon2TimeCost: num('BENCH_ARGON2_TIME_COST', 2, 2),
  stormRate: num('BENCH_STORM_RATE', 4, 4),
  capacityConnections: num('BENCH_CAPACITY_CONNECTIONS', 4, 4),
  // Which parts run: core = (1)–(6) and the soak; signing, algorithms, introspection (issue 12); passwords (issue 16);
  // sockets (issue 15: idle socket memory, logoutAll to the last close, event fan-out); documents (the parser's token limit).
  // BENCH_ONLY=new runs the rows of issues 12 and 16 only. Unset: everything.
  only: parseOnly(env.BENCH_ONLY),
  outDir: path.resolve(ROOT, env.BENCH_OUT || 'docs/benchmarks'),
  label: env.BENCH_LABEL || 'shared 2-core machine, other engineers running tests at the same time (noisy)',
};

module.exports = { options };
