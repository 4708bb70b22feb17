'use strict';
// The RSS soak (BENCH_SOAK=<seconds>): `me` with more distinct users and tokens than the caches hold,
// so every cache keeps evicting; the server's RSS must stay flat.
const { startServer } = require('./server-process');
const clients = require('./clients');
const { median } = require('./stats');

const SAMPLE_EVERY_MS = 5000;
/** The first part of the run warms the heap and the caches; flatness is judged after it. */
const WARM_UP_FRACTION = 0.2;

async function soak(serverEnv, options) {
  const cacheMax = 2000;
  // bcrypt cost 4 here: the soak is about the request path, and setup must not take minutes.
  const server = await startServer(serverEnv({ AUTH_CACHE_MAX_ENTRIES: String(cacheMax), BCRYPT_COST: '4' }));
  try {
    const users = Number(process.env.BENCH_SOAK_USERS || 3000);
    console.log(`soak: ${users} users × 2 tokens, cache max ${cacheMax} entries, ${options.soakSeconds} s of me`);
    const { accessTokens } = await clients.createSessions(server.url, { users, tokensPerUser: 2, label: 'soak' });
    const samples = [];
    const timer = setInterval(() => samples.push({ t: samples.length * SAMPLE_EVERY_MS / 1000, rss: server.rss() }), SAMPLE_EVERY_MS);
    const result = await clients.me(server.url, accessTokens, { connections: options.connections, duration: options.soakSeconds });
    clearInterval(timer);
    const judged = samples.slice(Math.floor(samples.length * WARM_UP_FRACTION)).map((s) => s.rss).filter(Boolean);
    const mid = median(judged);
    return {
      seconds: options.soakSeconds,
      users,
      tokens: accessTokens.length,
      cacheMax,
      requests: result.total,
      non2xx: result.non2xx,
      rssMedianMb: mid / 2 ** 20,
      rssMinMb: Math.min(...judged) / 2 ** 20,
      rssMaxMb: Math.max(...judged) / 2 ** 20,
      // Flat means every sample within ±10 % of the median; drift compares the last quarter with the first.
      deviation: Math.max(...judged.map((rss) => Math.abs(rss - mid))) / mid,
      drift: median(judged.slice(-Math.ceil(judged.length / 4))) / median(judged.slice(0, Math.ceil(judged.length / 4))) - 1,
      samples,
    };
  } finally {
    await server.stop();
  }
}

module.exports = { soak };
