'use strict';
// Turns the raw figures into docs/benchmarks/RESULTS.md (table, ratios, targets) and ratios.svg.
const { readFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ratioChart } = require('./chart');
const { spread, median } = require('./stats');
const { hasVersusBare, versusBareSection } = require('./report-versus-bare');

const ROOT = path.resolve(__dirname, '..');
const versionOf = (pkg) => require(path.join(ROOT, 'node_modules', pkg, 'package.json')).version;
// The figures depend on patches/type-graphql+*.patch (synchronous @Authorized): say whether it was in place.
const typeGraphqlPatched = () =>
  readFileSync(path.join(ROOT, 'node_modules/type-graphql/build/cjs/helpers/auth-middleware.js'), 'utf8').includes('PR #1812');
// The server's own figure, from the build the bench just made.
const hashingNiceness = () => require(path.join(ROOT, 'dist/auth/passwords/hashing.worker-source.js')).HASHING_WORKER_NICENESS;
const f0 = (n) => n.toFixed(0);
const f2 = (n) => n.toFixed(2);
const range = (s, fmt) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

const SCENARIOS = [
  ['public', '(1) public query, same response size as (2)'],
  ['me', '(2) `me` with a valid Bearer token, many users and tokens'],
  ['meDuringLogins', '(3) (2) while another client logs in steadily'],
  ['logins', '(3′) the login stream itself'],
  ['refresh', '(4) refresh rotation'],
];

function ratios(result, micro) {
  const per = (fn) => result.rounds.map(fn);
  return {
    throughput: spread(per((r) => r.me.rps / r.public.rps)),
    p99: spread(per((r) => r.meDuringLogins.p99 / Math.max(r.me.p99, 1))),
    pathVsJwt: median(micro.path) / median(micro.jwt),
    pathVsJwtKey: median(micro.path) / median(micro.jwtKey),
    coldVsJwt: median(micro.cold) / median(micro.jwt),
  };
}

function writeReport({ options, results, micro, soak, started, mongoSkipped, extraSections = [], extraTargets = [] }) {
  const lines = [];
  const push = (...xs) => lines.push(...xs);
  push(
    '# Benchmark results',
    '',
    `Conditions: **${options.label}**${options.quick ? ' — QUICK MODE (smoke run, figures not meaningful)' : ''}.`,
    'Rerun `npm run bench` on a quiet machine for figures to rely on; only the ratios are meant to be compared.',
    '',
    `- Date: ${started.toISOString()}`,
    `- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${f0(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; autocannon ${versionOf('autocannon')}, @apollo/server ${versionOf('@apollo/server')}, graphql ${versionOf('graphql')}, jsonwebtoken ${versionOf('jsonwebtoken')}, bcryptjs ${versionOf('bcryptjs')}, type-graphql ${versionOf('type-graphql')} ${typeGraphqlPatched() ? '(with patches/: synchronous `@Authorized`)' : '(WITHOUT patches/: `@Authorized` is async)'}`,
    `- Command: \`${options.commandLine ?? 'npm run bench'}\`; ${options.rounds} interleaved rounds of ${options.duration} s per scenario, ${options.connections} connections`,
    `- Server: \`node dist/index.js\` in its own process, NODE_ENV=production, LOG_LEVEL=warn, STORE=memory, PASSWORD_HASH=argon2id with its default parameters, BCRYPT_COST=${options.bcryptCost}; load from a separate process`,
    `- (6): the bare server \`node bench/bare-apollo-express.js\` (express ${versionOf('express')}, @as-integrations/express5 ${versionOf('@as-integrations/express5')}, cors ${versionOf('cors')}) in its own process, NODE_ENV=production`,
    `- Logins in (3): ${options.loginRate}/s over 2 connections; password hashing runs in a worker pool of ${os.availableParallelism()} threads at nice ${hashingNiceness()}`,
    mongoSkipped ? '- MongoDB rows skipped: no MongoDB could start on this machine (set MONGODB_URI to include them).' : '- MongoDB rows included.',
    '',
  );
  const targets = [];
  for (const result of results) {
    const r = ratios(result, micro);
    push(
      `## Store: ${result.backend}`,
      '',
      `${result.tokens} distinct access tokens; response sizes: me ${result.sizes.me} B, public ${result.sizes.public} B.`,
      '',
      '| Scenario | req/s median (min–max) | p99 ms median (min–max) | non-2xx / errors |',
      '|---|---|---|---|',
    );
    for (const [key, title] of SCENARIOS) {
      const rows = result.rounds.map((round) => round[key]);
      const bad = rows.reduce((n, x) => n + x.non2xx + x.errors, 0);
      push(`| ${title} | ${range(spread(rows.map((x) => x.rps)), f0)} | ${range(spread(rows.map((x) => x.p99)), f0)} | ${bad} |`);
    }
    push(
      '',
      '| Ratio | Measured median (min–max) | Target | Met |',
      '|---|---|---|---|',
      `| (2)/(1) throughput | ${range(r.throughput, f2)} | ≥ 0.90 | ${r.throughput.median >= 0.9 ? 'yes' : 'no'} |`,
      `| p99 of (2) during (3) / p99 of (2) alone | ${range(r.p99, f2)} | ≤ 2.0 | ${r.p99.median <= 2 ? 'yes' : 'no'} |`,
      '',
    );
    targets.push(
      { label: `[${result.backend}] (2)/(1) throughput`, value: r.throughput.median, target: 0.9, better: 'higher' },
      { label: `[${result.backend}] p99 (3)/(2)`, value: r.p99.median, target: 2, better: 'lower' },
    );
    if (hasVersusBare(result)) {
      const section = versusBareSection(result.rounds);
      push(...section.lines);
      targets.push({ ...section.target, label: `[${result.backend}] ${section.target.label}` });
    }
  }
  const r = ratios(results[0], micro);
  const us = (name) => range(spread(micro[name].map((ns) => ns / 1000)), f2);
  push(
    '## (5) Token verification, per call (µs), median of interleaved rounds',
    '',
    '| Variant | µs per call median (min–max) |',
    '|---|---|',
    `| Server path: \`RequestAuthenticator.authenticate\` (cache warm) | ${us('path')} |`,
    `| \`TokenService.verifyAccess\` uncached (jsonwebtoken + claim rules) | ${us('cold')} |`,
    `| plain \`jsonwebtoken.verify\`, secret as a string | ${us('jwt')} |`,
    `| plain \`jsonwebtoken.verify\`, secret as a KeyObject | ${us('jwtKey')} |`,
    `| floor: HMAC-SHA256 + timingSafeEqual over the signing input | ${us('floor')} |`,
    '',
    `Server path / plain jsonwebtoken.verify: **${f2(r.pathVsJwt)}×** (target ≤ 1.3; ${r.pathVsJwt <= 1.3 ? 'met' : 'missed'}); ` +
      `against the KeyObject variant ${f2(r.pathVsJwtKey)}×; uncached verifyAccess / jsonwebtoken.verify ${f2(r.coldVsJwt)}×.`,
    '',
  );
  targets.push({ label: 'verification path / jwt.verify', value: r.pathVsJwt, target: 1.3, better: 'lower' });
  if (soak) {
    push(
      `## RSS soak: ${soak.seconds} s of (2)`,
      '',
      `${soak.users} users, ${soak.tokens} tokens, caches bounded at ${soak.cacheMax} entries each (so they evict all along), ` +
        `${soak.requests} requests, ${soak.non2xx} non-2xx. RSS after the first 20 %: median ${f0(soak.rssMedianMb)} MiB, ` +
        `min ${f0(soak.rssMinMb)}, max ${f0(soak.rssMaxMb)}: every sample within **±${(soak.deviation * 100).toFixed(1)} %** ` +
        `of the median (target ±10 %; ${soak.deviation <= 0.1 ? 'met' : 'missed'}); last quarter vs first quarter: ` +
        `${soak.drift >= 0 ? '+' : ''}${(soak.drift * 100).toFixed(1)} %.`,
      '',
      `Samples (s: MiB): ${soak.samples.map((s) => `${s.t}: ${f0((s.rss ?? 0) / 2 ** 20)}`).join(', ')}`,
      '',
    );
    // Shown as a share of the ±10 % budget, so that 1.0 is the limit like the other targets.
    targets.push({ label: `RSS deviation / 10 % (${soak.seconds} s)`, value: soak.deviation / 0.1, target: 1, better: 'lower' });
  } else {
    push('## RSS soak', '', 'Not run in this invocation (set BENCH_SOAK=300 for the 5-minute run).', '');
  }
  for (const section of extraSections) push(section.text, '');
  targets.push(...extraTargets);
  push('How to read these figures, and what is known about each target: [NOTES.md](NOTES.md).', '', '![ratios](ratios.svg)', '');
  const svg = ratioChart(targets, `tokengate ratios (${options.quick ? 'quick' : 'full'} run, ${started.toISOString().slice(0, 10)})`);
  return { markdown: lines.join('\n'), svg };
}

module.exports = { writeReport };
