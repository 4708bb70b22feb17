'use strict';
// Issue 16's rows: hashes per second per core for each password algorithm, and the login storm of (3) with each,
// plus the login capacity of the whole server per core (logins as fast as they come, server CPU per login).
const { execFile } = require('node:child_process');
const path = require('node:path');
const clients = require('./clients');
const { withServerCpu } = require('./proc-cpu');
const { tokengateEnv } = require('./server-env');
const { startServer } = require('./server-process');

/** The two settings compared side by side: the default, and what every login cost before it. */
function passwordSettings(options) {
  return [
    {
      name: 'argon2id',
      label: `Argon2id m=${options.argon2MemoryKib} KiB, t=${options.argon2TimeCost}, p=1${options.quick ? ' (quick)' : ' (default)'}`,
      env: { PASSWORD_HASH: 'argon2id', ARGON2_MEMORY_KIB: String(options.argon2MemoryKib), ARGON2_TIME_COST: String(options.argon2TimeCost) },
      parameters: { algorithm: 'argon2id', argon2: { memoryKib: options.argon2MemoryKib, timeCost: options.argon2TimeCost, parallelism: 1 } },
    },
    {
      name: 'bcrypt',
      label: `bcrypt cost ${options.bcryptCost}`,
      env: { PASSWORD_HASH: 'bcrypt', BCRYPT_COST: String(options.bcryptCost) },
      parameters: { algorithm: 'bcrypt', cost: options.bcryptCost },
    },
  ];
}

function hashRates(settings, options) {
  const env = {
    ...process.env,
    HASH_SETTINGS: JSON.stringify(settings.map(({ name, parameters }) => ({ name, parameters }))),
    HASH_MS: options.quick ? '500' : '3000',
    HASH_ROUNDS: String(options.quick ? 1 : 3),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'hash-rate.js')], { env, maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

async function stormRows(settings, options) {
  const load = { connections: options.connections, duration: options.duration };
  const servers = [];
  try {
    for (const setting of settings) {
      const server = await startServer(tokengateEnv(options.bcryptCost, setting.env));
      servers.push({ setting, server });
      console.log(`[passwords] ${setting.label}: setting up ${options.users} users × ${options.tokensPerUser} tokens`);
      const { sessions, accessTokens } = await clients.createSessions(server.url, { ...options, label: `pw-${setting.name}` });
      Object.assign(servers.at(-1), { accessTokens, emails: sessions.map((s) => s.email) });
    }
    const rounds = [];
    for (let round = 1; round <= options.rounds; round++) {
      const row = {};
      const order = round % 2 ? servers : [...servers].reverse();
      for (const { setting, server, accessTokens, emails } of order) {
        const me = await clients.me(server.url, accessTokens, load);
        const [meDuringLogins, stream] = await Promise.all([
          clients.me(server.url, accessTokens, load),
          clients.loginStream(server.url, emails[0], { rate: options.stormRate, duration: options.duration }),
        ]);
        // Capacity: logins as fast as the server takes them, and its CPU per login (HTTP, tokens and hashing).
        const capacity = await withServerCpu(server.pid, () =>
          clients.logins(server.url, emails, { connections: options.capacityConnections, duration: options.duration }),
        );
        row[setting.name] = { me, meDuringLogins, stream, capacity };
      }
      rounds.push(row);
      console.log(
        `[passwords] round ${round}/${options.rounds}: ` +
          servers
            .map(({ setting }) => {
              const r = row[setting.name];
              return `${setting.name}: me p99 ${r.me.p99} → ${r.meDuringLogins.p99} ms during logins, capacity ${r.capacity.rps.toFixed(1)} logins/s (${(r.capacity.cpuUsPerRequest / 1000).toFixed(1)} ms CPU each)`;
            })
            .join('; '),
      );
    }
    return rounds;
  } finally {
    await Promise.all(servers.map(({ server }) => server.stop()));
  }
}

async function passwordRows(options) {
  const settings = passwordSettings(options);
  console.log('[passwords] hashes per second on one worker thread');
  const hashing = await hashRates(settings, options);
  const storms = await stormRows(settings, options);
  return { settings: settings.map(({ name, label }) => ({ name, label })), hashing, storms, stormRate: options.stormRate };
}

module.exports = { passwordRows };
