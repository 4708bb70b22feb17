'use strict';
// `npm run bench`: builds, starts the real server in a child process, drives it over HTTP with autocannon,
// and writes docs/benchmarks/RESULTS.md and ratios.svg. Options are environment variables (see README).
const { execFileSync, execFile } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('./server-process');
const clients = require('./clients');
const { writeReport } = require('./report');
const { soak } = require('./soak');
const { options } = require('./options');
const { tokengateEnv } = require('./server-env');
const { startBare, versusBareRound, describeRound } = require('./versus-bare');
const { algorithmRows } = require('./algorithm-rows');
const { passwordRows } = require('./password-rows');
const { socketRows } = require('./socket-rows');
const { documentRows } = require('./document-rows');
const { newRowsSections, newRowsTargets, mergeSections } = require('./report-new-rows');

const ROOT = path.resolve(__dirname, '..');
const env = process.env;
const { quick } = options;
const serverEnv = (extra) => tokengateEnv(options.bcryptCost, extra);

/** MongoDB rows run only where one can start: MONGODB_URI, or mongodb-memory-server with a mongod binary. */
async function mongoBackend() {
  if (env.MONGODB_URI) return { name: 'mongodb', env: { STORE: 'mongodb', MONGODB_URI: env.MONGODB_URI }, stop: async () => {} };
  try {
    const { startEmbeddedMongo } = require(path.join(ROOT, 'dist/stores/mongo/embedded-mongo.js'));
    const embedded = await startEmbeddedMongo();
    return { name: 'mongodb', env: { STORE: 'mongodb', MONGODB_URI: embedded.uri }, stop: () => embedded.stop() };
  } catch (error) {
    console.log(`MongoDB rows skipped: no MongoDB can start here (${String(error.message).split('\n')[0]})`);
    return undefined;
  }
}

async function benchBackend(backend) {
  const server = await startServer(serverEnv(backend.env));
  let bare;
  try {
    console.log(`[${backend.name}] setting up ${options.users} users × ${options.tokensPerUser} tokens (bcrypt cost ${options.bcryptCost})`);
    const { sessions, accessTokens } = await clients.createSessions(server.url, { ...options, label: backend.name });
    const sample = await clients.post(server.url, clients.ME, {}, { authorization: `Bearer ${accessTokens[0]}` });
    const pub = await clients.publicQueryOfSize(server.url, sample.text.length);
    const loginEmail = sessions[0].email;
    const refreshPool = sessions.map((session) => session.refreshToken);
    const load = { connections: options.connections, duration: options.duration };
    if (backend.versusBare) {
      bare = await startBare(server.url, accessTokens);
      // tokengate is warm from the setup; the bare server gets a warm-up of its own before round 1.
      await clients.me(bare.url, accessTokens, { ...load, duration: Math.min(options.duration, 3) });
    }
    const rounds = [];
    for (let round = 1; round <= options.rounds; round++) {
      // Interleaved: each round runs every scenario once, so drift in machine load touches all alike.
      const row = {};
      // (1) and (2) swap places every round, so neither always runs right after the refresh scenario.
      const runPublic = async () => (row.public = await clients.publicQuery(server.url, pub.query, accessTokens, load));
      const runMe = async () => (row.me = await clients.me(server.url, accessTokens, load));
      for (const step of round % 2 ? [runPublic, runMe] : [runMe, runPublic]) await step();
      if (bare) Object.assign(row, await versusBareRound(round, server, bare, accessTokens, load));
      const [meDuringLogins, logins] = await Promise.all([
        clients.me(server.url, accessTokens, load),
        clients.loginStream(server.url, loginEmail, { rate: options.loginRate, duration: options.duration }),
      ]);
      row.meDuringLogins = meDuringLogins;
      row.logins = logins;
      row.refresh = await clients.refresh(server.url, refreshPool, {
        connections: Math.min(options.connections, Math.floor(refreshPool.length / 2)),
        duration: options.duration,
      });
      rounds.push(row);
      console.log(
        `[${backend.name}] round ${round}/${options.rounds}: public ${row.public.rps.toFixed(0)}/s, me ${row.me.rps.toFixed(0)}/s, ` +
          `me+logins ${row.meDuringLogins.rps.toFixed(0)}/s (p99 ${row.meDuringLogins.p99} vs ${row.me.p99} ms), refresh ${row.refresh.rps.toFixed(0)}/s` +
          (bare ? `; ${describeRound(row)}` : ''),
      );
    }
    return { backend: backend.name, rounds, sizes: { me: sample.text.length, public: pub.bytes }, tokens: accessTokens.length };
  } finally {
    await bare?.stop();
    await server.stop();
  }
}

function microBenchmark() {
  return new Promise((resolve, reject) => {
    const microEnv = { ...env, MICRO_MS: quick ? '200' : '2000', MICRO_ROUNDS: quick ? '2' : '5', MICRO_TOKENS: quick ? '200' : '5000' };
    execFile(process.execPath, [path.join(__dirname, 'micro-verify.js')], { env: microEnv, maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

function microSigning() {
  return new Promise((resolve, reject) => {
    const microEnv = { ...env, MICRO_MS: quick ? '200' : '1000', MICRO_ROUNDS: quick ? '1' : '5' };
    execFile(process.execPath, [path.join(__dirname, 'micro-signing.js')], { env: microEnv, maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Runs one part of issues 12 and 16 and stamps it with its own date and load average. */
async function timedPart(name, run) {
  const meta = { started: new Date().toISOString(), loadStart: os.loadavg(), cores: os.availableParallelism() };
  console.log(`${name}: started at load average ${meta.loadStart.map((x) => x.toFixed(2)).join(' / ')}`);
  const result = await run();
  const onlyText = env.BENCH_ONLY ? `BENCH_ONLY=${env.BENCH_ONLY} ` : '';
  return {
    meta: { ...meta, finished: new Date().toISOString(), loadEnd: os.loadavg(), label: options.label, quick, command: `${onlyText}npm run bench` },
    ...(name === 'signing' ? { samples: result } : { result }),
  };
}

/** The parts of issues 12 and 16 that BENCH_ONLY asks for (all by default). */
async function newRows() {
  const parts = {};
  if (options.only.has('signing')) parts.signing = await timedPart('signing', microSigning);
  if (options.only.has('algorithms')) parts.algorithms = await timedPart('algorithms', () => algorithmRows(options));
  if (options.only.has('passwords')) parts.passwords = await timedPart('passwords', () => passwordRows(options));
  if (options.only.has('sockets')) parts.sockets = await timedPart('sockets', () => socketRows(options));
  if (options.only.has('documents')) parts.documents = await timedPart('documents', () => documentRows(options));
  return parts;
}

/** BENCH_ONLY without core: only the new sections of RESULTS.md (and their part of raw.json) are replaced. */
async function newRowsOnly() {
  const parts = await newRows();
  mkdirSync(options.outDir, { recursive: true });
  const resultsFile = path.join(options.outDir, 'RESULTS.md');
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n\nHow to read these figures: [NOTES.md](NOTES.md).\n';
  writeFileSync(resultsFile, mergeSections(previous, newRowsSections(parts)));
  const rawFile = path.join(options.outDir, 'raw.json');
  const raw = existsSync(rawFile) ? JSON.parse(readFileSync(rawFile, 'utf8')) : {};
  raw.newRows = { ...raw.newRows, ...parts };
  writeFileSync(rawFile, `${JSON.stringify(raw, null, 1)}\n`);
  console.log(`updated the ${Object.keys(parts).join(', ')} sections of ${path.relative(ROOT, resultsFile)} (ratios.svg is redrawn by full runs only)`);
}

async function main() {
  const started = new Date();
  if (env.BENCH_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (!options.only.has('core')) return newRowsOnly();
  const results = [await benchBackend({ name: 'memory', env: {}, versusBare: true, stop: async () => {} })];
  const mongo = await mongoBackend();
  if (mongo) {
    try {
      results.push(await benchBackend(mongo));
    } finally {
      await mongo.stop();
    }
  }
  console.log('micro-benchmark of token verification (scenario 5)');
  const micro = await microBenchmark();
  const soakResult = options.soakSeconds > 0 ? await soak(serverEnv, options) : undefined;
  const parts = await newRows();
  mkdirSync(options.outDir, { recursive: true });
  const { markdown, svg } = writeReport({
    options,
    results,
    micro,
    soak: soakResult,
    started,
    mongoSkipped: !mongo,
    extraSections: newRowsSections(parts),
    extraTargets: newRowsTargets(parts),
  });
  writeFileSync(path.join(options.outDir, 'RESULTS.md'), markdown);
  writeFileSync(path.join(options.outDir, 'ratios.svg'), svg);
  // The raw figures, so that a report can be checked or redrawn without rerunning.
  writeFileSync(path.join(options.outDir, 'raw.json'), `${JSON.stringify({ options: { ...options, only: [...options.only] }, results, micro, soak: soakResult, newRows: parts }, null, 1)}\n`);
  console.log(`wrote ${path.relative(ROOT, options.outDir)}/RESULTS.md and ratios.svg`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
