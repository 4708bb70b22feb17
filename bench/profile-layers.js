'use strict';
// The CPU profile of `me` under load, by layer: `node bench/profile-layers.js` builds, runs tokengate
// (dist/index.js) and the bare Apollo Server on Express of (6) under `node --cpu-prof`, drives `me` on
// both in interleaved rounds (the client load of `npm run bench`), then splits each round's main-thread CPU
// by layer from the samples taken during the round (bench/cpu-layers.js) and prints the medians of the rounds
// in µs per request per layer, in markdown. Options: the bench's BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_USERS,
// BENCH_TOKENS_PER_USER, BENCH_QUICK, BENCH_SKIP_BUILD; BENCH_BCRYPT_COST defaults to 4 here (setup only);
// PROFILE_INTERVAL_US (sampling interval, 500); PROFILE_DIR keeps the .cpuprofile files there (open them
// in Chrome DevTools), otherwise they go to a temporary folder that is removed.
const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const clients = require('./clients');
const { LAYERS, aggregate } = require('./cpu-layers');
const { options } = require('./options');
const { withServerCpu } = require('./proc-cpu');
const { median } = require('./stats');
const { tokengateEnv } = require('./server-env');
const { startServer } = require('./server-process');
const { startBare } = require('./versus-bare');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const bcryptCost = env.BENCH_BCRYPT_COST ? options.bcryptCost : 4;
const intervalUs = Number(env.PROFILE_INTERVAL_US || 500);
const TOP = 12;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const f0 = (n) => n.toFixed(0);

/** --cpu-prof writes one file per thread; the main thread's has thread id 0: CPU.<date>.<time>.<pid>.0.<seq>. */
function mainThreadProfile(dir) {
  const file = readdirSync(dir).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`no main-thread profile in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
}

/** `me` on one server for one round; records the time window, the requests served and the CPU spent. */
async function measuredWindow(server, tokens, load) {
  const from = nowUs();
  const run = await withServerCpu(server.pid, () => clients.me(server.url, tokens, load));
  return {
    from,
    to: nowUs(),
    requests: run.total,
    cpuUs: run.cpuUsPerRequest * run.total,
    mainThreadCpuUs: run.mainThreadCpuUsPerRequest * run.total,
    rps: run.rps,
    bad: run.non2xx + run.errors,
  };
}

/**
 * One round: each layer's share of the main thread's sampled time, and µs per request = share × the main
 * thread's CPU per request from /proc over the round. On a busy machine a sample also stands for time the
 * thread waited for a core: the shares spread that evenly, and the /proc figure leaves it out.
 */
function roundFigures(profile, window) {
  const { perLayer } = aggregate(profile, [window]);
  const sampled = Object.values(perLayer).reduce((a, b) => a + b, 0);
  const mainThread = window.mainThreadCpuUs / window.requests;
  const share = Object.fromEntries(Object.entries(perLayer).map(([layer, us]) => [layer, us / sampled]));
  const perRequest = Object.fromEntries(Object.entries(share).map(([layer, x]) => [layer, x * mainThread]));
  return { share, perRequest, mainThread, process: window.cpuUs / window.requests };
}

/** Medians of the rounds (a round hit by a burst of load elsewhere on the machine moves them little). */
function summarize(profile, windows) {
  const rounds = windows.map((window) => roundFigures(profile, window));
  const med = (fn) => median(rounds.map(fn));
  const perLayer = (key) => Object.fromEntries(LAYERS.map(([layer]) => [layer, med((r) => r[key][layer])]));
  // The heaviest functions over all the rounds together, scaled the same way.
  const all = aggregate(profile, windows);
  const requests = windows.reduce((n, w) => n + w.requests, 0);
  const sampled = Object.values(all.perLayer).reduce((a, b) => a + b, 0);
  const mainThreadCpuUs = windows.reduce((n, w) => n + w.mainThreadCpuUs, 0);
  return {
    requests,
    share: perLayer('share'),
    perRequest: perLayer('perRequest'),
    mainThread: med((r) => r.mainThread),
    mainThreadPerRound: rounds.map((r) => r.mainThread),
    process: med((r) => r.process),
    rps: windows.map((w) => w.rps),
    bad: windows.reduce((n, w) => n + w.bad, 0),
    top: all.topFunctions.slice(0, TOP).map(([name, us]) => [name, (us / sampled) * (mainThreadCpuUs / requests)]),
  };
}

function report(results, load) {
  const [ours, bare] = [results.tokengate, results.bare];
  const pct = (x) => `${(x * 100).toFixed(0)} %`;
  const row = (title, a, b) => `| ${title} | ${f0(a)} | ${f0(b)} | ${f0(a - b)} |`;
  const lines = [
    `${new Date().toISOString()}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores; Node ${process.version}; ` +
      `load average at the end ${os.loadavg()[0].toFixed(1)} (1 min)`,
    `\`node --cpu-prof --cpu-prof-interval ${intervalUs}\`; ${options.rounds} interleaved rounds of ${load.duration} s of \`me\` per server, ` +
      `${load.connections} connections; requests profiled: tokengate ${ours.requests}, bare ${bare.requests}; non-2xx/errors: ${ours.bad} / ${bare.bad}`,
    '',
    'Medians of the rounds (so the layers need not add up exactly to the main thread\'s median).',
    '',
    '| Layer: µs of main-thread CPU per request (share) | tokengate | bare Apollo + Express | tokengate − bare |',
    '|---|---|---|---|',
    ...LAYERS.map(
      ([key, title]) =>
        `| ${title} | ${f0(ours.perRequest[key])} (${pct(ours.share[key])}) | ${f0(bare.perRequest[key])} (${pct(bare.share[key])}) | ` +
        `${f0(ours.perRequest[key] - bare.perRequest[key])} |`,
    ),
    row('**main thread**, median (/proc/&lt;pid&gt;/task/&lt;pid&gt;/stat)', ours.mainThread, bare.mainThread),
    row('whole process, median (/proc/&lt;pid&gt;/stat: + GC helper threads, profiler)', ours.process, bare.process),
    `| main thread µs per request, per round | ${ours.mainThreadPerRound.map(f0).join(', ')} | ${bare.mainThreadPerRound.map(f0).join(', ')} | |`,
    `| req/s per round (under the profiler) | ${ours.rps.map(f0).join(', ')} | ${bare.rps.map(f0).join(', ')} | |`,
    '',
  ];
  for (const [name, result] of Object.entries(results)) {
    lines.push(`Heaviest functions, ${name} (self, µs per request):`, '', ...result.top.map(([fn, us]) => `- ${us.toFixed(1)} ${fn}`), '');
  }
  return lines.join('\n');
}

async function main() {
  if (env.BENCH_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const dir = env.PROFILE_DIR ? path.resolve(env.PROFILE_DIR) : mkdtempSync(path.join(os.tmpdir(), 'tokengate-profile-'));
  const profileArgs = (name) => {
    rmSync(path.join(dir, name), { recursive: true, force: true }); // no profile of an earlier run
    mkdirSync(path.join(dir, name), { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`, `--cpu-prof-interval=${intervalUs}`];
  };
  const servers = {};
  try {
    servers.tokengate = await startServer(tokengateEnv(bcryptCost), { nodeArgs: profileArgs('tokengate') });
    console.error(`setting up ${options.users} users × ${options.tokensPerUser} tokens (bcrypt cost ${bcryptCost})`);
    const { accessTokens } = await clients.createSessions(servers.tokengate.url, { ...options, label: 'profile' });
    servers.bare = await startBare(servers.tokengate.url, accessTokens, { nodeArgs: profileArgs('bare') });
    const load = { connections: options.connections, duration: options.duration };
    // Warm-up (JIT, caches), outside the windows that are counted.
    for (const server of Object.values(servers)) await clients.me(server.url, accessTokens, { ...load, duration: Math.min(load.duration, 3) });
    const windows = { tokengate: [], bare: [] };
    for (let round = 1; round <= options.rounds; round++) {
      const order = round % 2 ? ['tokengate', 'bare'] : ['bare', 'tokengate'];
      for (const name of order) windows[name].push(await measuredWindow(servers[name], accessTokens, load));
      console.error(`round ${round}/${options.rounds}: ${order.map((name) => `${name} ${f0(windows[name].at(-1).rps)}/s`).join(', ')}`);
    }
    // The profiles are written when the servers exit.
    for (const name of ['bare', 'tokengate']) await servers[name].stop();
    const results = {};
    for (const name of ['tokengate', 'bare']) results[name] = summarize(mainThreadProfile(path.join(dir, name)), windows[name]);
    console.log(report(results, load));
    if (env.PROFILE_DIR) console.error(`profiles kept in ${dir}`);
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    if (!env.PROFILE_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
