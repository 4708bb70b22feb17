'use strict';
// The parser's token limit (BENCH_ONLY=documents): a 90 kB hostile document under the body limit (45,000 tokens)
// is refused after GRAPHQL_MAX_TOKENS tokens instead of being parsed whole. Measured against a second server whose
// limit is out of the way, and against a normal query on the same server, in interleaved rounds of one run.
// test/security/body-limit.test.ts checks the refusal itself; the time it saves is measured here, not asserted there.
const { startServer } = require('./server-process');
const { tokengateEnv } = require('./server-env');
const { post } = require('./clients');
const { median } = require('./stats');

const HOSTILE = `query { ${'a '.repeat(45_000)} }`;
const NORMAL = '{ authSettings { passwordMinLength } }';

/** Median wall time (ms) of `count` sequential requests. */
async function medianMs(count, send) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await send();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function documentRows(options) {
  const perRound = options.quick ? 10 : 50;
  const limited = await startServer(tokengateEnv(options.bcryptCost));
  const unlimited = await startServer(tokengateEnv(options.bcryptCost, { GRAPHQL_MAX_TOKENS: '1000000' }));
  try {
    const refused = await post(limited.url, HOSTILE);
    const parsed = await post(unlimited.url, HOSTILE);
    const codeOf = (answer) => answer.body.errors?.[0]?.extensions?.code;
    const rounds = [];
    for (let round = 0; round < options.rounds; round++) {
      rounds.push({
        normalMs: await medianMs(perRound, () => post(limited.url, NORMAL)),
        refusedMs: await medianMs(perRound, () => post(limited.url, HOSTILE)),
        unlimitedMs: await medianMs(perRound, () => post(unlimited.url, HOSTILE)),
      });
    }
    const last = rounds.at(-1);
    console.log(`documents: normal ${last.normalMs.toFixed(2)} ms, hostile refused ${last.refusedMs.toFixed(2)} ms, hostile without the limit ${last.unlimitedMs.toFixed(2)} ms`);
    return { perRound, answers: { refused: codeOf(refused), unlimited: codeOf(parsed) }, rounds };
  } finally {
    await Promise.all([limited.stop(), unlimited.stop()]);
  }
}

/** The RESULTS.md section (between its markers, replaced by BENCH_ONLY=documents). */
function documentsSection({ meta, result }, conditions, spread) {
  const range = (xs) => {
    const s = spread(xs);
    return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  };
  const of = (key) => result.rounds.map((round) => round[key]);
  const ratio = (a, b) => result.rounds.map((round) => round[a] / round[b]);
  return [
    '## The parser token limit: a 90 kB hostile document (45,000 tokens) under the body limit',
    '',
    conditions(meta),
    '',
    `Median wall time per request (ms) of ${result.perRound} sequential requests, per round; median of ${result.rounds.length} rounds (min–max). ` +
      `Answers: refused with \`${result.answers.refused}\` (GRAPHQL_MAX_TOKENS 5000), without the limit \`${result.answers.unlimited}\` after a full parse.`,
    '',
    '| Request | ms | ratio |',
    '|---|---|---|',
    `| A normal query (\`authSettings\`) | ${range(of('normalMs'))} | 1 |`,
    `| The hostile document, refused at the token limit | ${range(of('refusedMs'))} | ${range(ratio('refusedMs', 'normalMs'))} × normal |`,
    `| The same document, token limit out of the way (\`GRAPHQL_MAX_TOKENS=1000000\`) | ${range(of('unlimitedMs'))} | ${range(ratio('unlimitedMs', 'refusedMs'))} × refused |`,
  ];
}

module.exports = { documentRows, documentsSection };
