'use strict';
// Scenario (6): tokengate's `me` against a bare Apollo Server 5 on Express 5 (bare-apollo-express.js),
// same users, same tokens, same client load, with the server CPU per request of each.
const path = require('node:path');
const clients = require('./clients');
const { withServerCpu } = require('./proc-cpu');
const { bareEnv } = require('./server-env');
const { startServer } = require('./server-process');

const BARE_ENTRY = path.join(__dirname, 'bare-apollo-express.js');

const subOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;

/** The users behind the tokens, as tokengate's `me` returns them: one request per distinct user. */
async function usersOf(url, accessTokens) {
  const tokenBySub = new Map();
  for (const token of accessTokens) if (!tokenBySub.has(subOf(token))) tokenBySub.set(subOf(token), token);
  const users = [];
  for (const token of tokenBySub.values()) {
    const { text, body } = await clients.post(url, clients.ME, {}, { authorization: `Bearer ${token}` });
    if (!body.data) throw new Error(`me failed on tokengate: ${text}`);
    users.push(body.data.me);
  }
  return users;
}

/**
 * Starts the bare server with tokengate's users (on its stdin), then checks that both answer `me` with the
 * same bytes for the same token, so the two scenarios do the same work as far as the client can see.
 */
async function startBare(tokengateUrl, accessTokens, { nodeArgs } = {}) {
  const users = await usersOf(tokengateUrl, accessTokens);
  const bare = await startServer(bareEnv(), { entry: BARE_ENTRY, nodeArgs, input: JSON.stringify(users) });
  try {
    for (const token of [accessTokens[0], accessTokens[accessTokens.length - 1]]) {
      const headers = { authorization: `Bearer ${token}` };
      const ours = await clients.post(tokengateUrl, clients.ME, {}, headers);
      const theirs = await clients.post(bare.url, clients.ME, {}, headers);
      if (ours.text !== theirs.text) throw new Error(`the bare server answers me differently:\n${ours.text}\n${theirs.text}`);
    }
  } catch (error) {
    await bare.stop();
    throw error;
  }
  return bare;
}

/** `me` on one server (tokengate's or the bare one), rotating through the tokens, with its CPU per request. */
const measuredMe = (server, tokens, load) => withServerCpu(server.pid, () => clients.me(server.url, tokens, load));

/**
 * One round of (6): tokengate's `me` and the bare server's back to back, in swapped order every other round
 * (as (1) and (2) are), so neither always runs first.
 */
async function versusBareRound(round, tokengate, bare, tokens, load) {
  const row = {};
  const runOurs = async () => (row.meTokengate = await measuredMe(tokengate, tokens, load));
  const runBare = async () => (row.meBare = await measuredMe(bare, tokens, load));
  for (const step of round % 2 ? [runOurs, runBare] : [runBare, runOurs]) await step();
  return row;
}

const describe = (run) => `${run.rps.toFixed(0)}/s, ${run.cpuUsPerRequest?.toFixed(0) ?? '?'} µs CPU/req`;
/** One line of progress for a round of (6). */
const describeRound = (row) => `(6) me ${describe(row.meTokengate)} vs bare ${describe(row.meBare)}`;

module.exports = { startBare, measuredMe, usersOf, versusBareRound, describeRound };
