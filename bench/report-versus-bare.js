'use strict';
// Section (6) of the report: tokengate's `me` against the bare Apollo Server on Express, per round and median.
const { clockTicksPerSecond } = require('./proc-cpu');
const { spread, median } = require('./stats');

const TARGET = 1.0;
const STRETCH = 1.3;
const f0 = (n) => (n === undefined || Number.isNaN(n) ? '?' : n.toFixed(0));
const f2 = (n) => (n === undefined || Number.isNaN(n) ? '?' : n.toFixed(2));
const range = (s, fmt) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

const throughputOf = (r) => r.meTokengate.rps / r.meBare.rps;
// Same direction as the throughput ratio: above 1 when tokengate spends less server CPU per request.
const cpuOf = (r) => r.meBare.cpuUsPerRequest / r.meTokengate.cpuUsPerRequest;

/** Rounds that ran (6): every round has both runs, or none has (the MongoDB backend does not run it). */
const hasVersusBare = (result) => result.rounds.every((r) => r.meTokengate && r.meBare);

function versusBareRatios(rounds) {
  const cpuKnown = rounds.every((r) => r.meTokengate.cpuUsPerRequest && r.meBare.cpuUsPerRequest);
  return { throughput: spread(rounds.map(throughputOf)), cpu: cpuKnown ? spread(rounds.map(cpuOf)) : undefined };
}

/** Markdown lines of section (6), and its chart row. */
function versusBareSection(rounds) {
  const r = versusBareRatios(rounds);
  const met = r.throughput.median >= STRETCH ? 'yes, stretch too' : r.throughput.median >= TARGET ? 'yes' : 'no';
  const bad = (run) => run.non2xx + run.errors;
  const row = (label, x) =>
    `| ${label} | ${f0(x.ours.rps)} | ${f0(x.bare.rps)} | ${f2(x.throughput)} | ${f0(x.ours.cpu)} | ${f0(x.bare.cpu)} | ${f2(x.cpuRatio)} | ${x.bad} |`;
  const perRound = rounds.map((round, i) =>
    row(String(i + 1), {
      ours: { rps: round.meTokengate.rps, cpu: round.meTokengate.cpuUsPerRequest },
      bare: { rps: round.meBare.rps, cpu: round.meBare.cpuUsPerRequest },
      throughput: throughputOf(round),
      cpuRatio: cpuOf(round),
      bad: `${bad(round.meTokengate)} / ${bad(round.meBare)}`,
    }),
  );
  const mid = (fn) => median(rounds.map(fn));
  const lines = [
    '## (6) `me`: tokengate against a bare Apollo Server 5 on Express 5',
    '',
    '`node bench/bare-apollo-express.js` in its own process: Apollo Server on Express as its integration\'s README sets it up, ' +
      'the same `User` type, a context that runs `jsonwebtoken.verify` (KeyObject, same algorithm, issuer and audience) on every ' +
      'request and reads the user from a Map holding the same users. Same tokens, same load; the two runs are back to back in ' +
      'each round, in swapped order every other round. Server CPU: utime + stime of the server process (all its threads) from ' +
      `\`/proc/<pid>/stat\` over the run, divided by the requests served (CLK_TCK ${clockTicksPerSecond()}); it does not count ` +
      'the time a server waited for a core, so it is steadier than req/s on a shared machine.',
    '',
    '| Round | tokengate req/s | bare req/s | throughput tokengate / bare | tokengate CPU µs/req | bare CPU µs/req | CPU per request bare / tokengate | non-2xx / errors (tokengate / bare) |',
    '|---|---|---|---|---|---|---|---|',
    ...perRound,
    row('median', {
      ours: { rps: mid((x) => x.meTokengate.rps), cpu: mid((x) => x.meTokengate.cpuUsPerRequest) },
      bare: { rps: mid((x) => x.meBare.rps), cpu: mid((x) => x.meBare.cpuUsPerRequest) },
      throughput: r.throughput.median,
      cpuRatio: r.cpu?.median,
      bad: '',
    }),
    '',
    '| Ratio | Measured median (min–max) | Beside it: CPU per request, bare / tokengate, median (min–max) | Target | Met |',
    '|---|---|---|---|---|',
    `| (6) tokengate \`me\` / bare \`me\` throughput | ${range(r.throughput, f2)} | ${r.cpu ? range(r.cpu, f2) : 'not measured (no /proc)'} | ≥ ${f2(TARGET)} (stretch ${f2(STRETCH)}) | ${met} |`,
    '',
  ];
  const target = { label: '(6) tokengate/bare `me` throughput', value: r.throughput.median, target: TARGET, better: 'higher' };
  return { lines, target };
}

module.exports = { hasVersusBare, versusBareRatios, versusBareSection };
