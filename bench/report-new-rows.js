'use strict';
// The sections of issues 12 (ES256/RS256 signing, login/refresh per algorithm, introspection) and 16 (password
// hashing) in RESULTS.md. Each section carries its own date and load average: `BENCH_ONLY=new` re-measures them
// alone and replaces just these sections (between their markers) in an existing RESULTS.md.
const { spread } = require('./stats');
const { socketsSection } = require('./socket-rows');
const { documentsSection } = require('./document-rows');

const f0 = (n) => n.toFixed(0);
const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const range = (xs, fmt) => {
  const s = spread(xs);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
};
const median = (xs) => spread(xs).median;

const marker = (name) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`];

function conditions(meta) {
  const load = (l) => l.map((x) => x.toFixed(2)).join(' / ');
  return (
    `Measured ${meta.started} to ${meta.finished}, \`${meta.command}\`; ${meta.label}${meta.quick ? ' — QUICK MODE (smoke run, figures not meaningful)' : ''}. ` +
    `Load average (1 / 5 / 15 min) at the start ${load(meta.loadStart)}, at the end ${load(meta.loadEnd)} on ${meta.cores} cores.`
  );
}

function signingSection({ meta, samples }) {
  const us = (xs) => range(xs.map((ns) => ns / 1000), f1);
  const lines = [
    '## Issue 12: signing and verifying one access token, per call (µs), median of interleaved rounds (min–max)',
    '',
    conditions(meta),
    '',
    'tokengate: `signJwt` with the server key ring (header `kid`, `typ`), and `TokenService.verifyAccess` uncached ' +
      '(jsonwebtoken plus the claim rules). Plain jsonwebtoken: `sign`/`verify` with the same KeyObjects and claims. ' +
      'Floor: node:crypto over the signing input alone (HMAC + timingSafeEqual, or `crypto.sign`/`crypto.verify`; P-256 in IEEE P1363 form); RSA keys of 2048 bits.',
    '',
    '| Algorithm | tokengate sign | jsonwebtoken.sign | floor sign | tokengate verify | jsonwebtoken.verify | floor verify | sign: tokengate / jsonwebtoken | verify: tokengate / jsonwebtoken |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [algorithm, s] of Object.entries(samples)) {
    lines.push(
      `| ${algorithm} | ${us(s['tokengate.sign'])} | ${us(s['jwt.sign'])} | ${us(s['floor.sign'])} | ${us(s['tokengate.verify'])} | ${us(s['jwt.verify'])} | ${us(s['floor.verify'])} | ` +
        `${f2(median(s['tokengate.sign']) / median(s['jwt.sign']))} | ${f2(median(s['tokengate.verify']) / median(s['jwt.verify']))} |`,
    );
  }
  return lines;
}

function algorithmsSection({ meta, result }) {
  const { algorithms, rounds } = result;
  const of = (alg, kind, key) => rounds.map((r) => r[alg][kind][key]);
  const ratio = (alg, kind, key) => rounds.map((r) => r[alg][kind][key] / r.HS256[kind][key]);
  const cpuRatio = (alg, kind) => rounds.map((r) => r.HS256[kind].cpuUsPerRequest / r[alg][kind].cpuUsPerRequest);
  const bad = (kind) => rounds.reduce((n, r) => n + algorithms.reduce((m, a) => m + r[a][kind].non2xx + r[a][kind].errors, 0), 0);
  const lines = [
    '## Issue 12: login, refresh and introspection with each JWT_ALGORITHM',
    '',
    conditions(meta),
    '',
    `One server per algorithm (\`node dist/index.js\`, STORE=memory), ${result.users} users, ${result.tokens} access tokens; the cheapest ` +
      'Argon2id (1 MiB, t=1) so that a login measures issuing tokens, not hashing (the password rows below measure that). ' +
      'Login: a new pair and device token per call; refresh: rotation over a pool of live refresh tokens; introspection: ' +
      '`POST /oauth/introspect` by one `INTROSPECTION_CLIENTS` client (HTTP Basic), a different live access token each time ' +
      '(signature, claims and revocation checked; "errors" counts any answer other than `active: true`). ' +
      'Rounds interleave the algorithms in rotating order. Server CPU per request from `/proc/<pid>/stat`; "vs HS256" for CPU is HS256 CPU / this one (like throughput: below 1 is slower).',
    '',
    '| Algorithm | login/s | login/s vs HS256 | login CPU µs | CPU vs HS256 | refresh/s | refresh/s vs HS256 | refresh CPU µs | CPU vs HS256 | introspect/s | introspect CPU µs |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const alg of algorithms) {
    lines.push(
      `| ${alg} | ${range(of(alg, 'login', 'rps'), f0)} | ${range(ratio(alg, 'login', 'rps'), f2)} | ${range(of(alg, 'login', 'cpuUsPerRequest'), f0)} | ${range(cpuRatio(alg, 'login'), f2)} ` +
        `| ${range(of(alg, 'refresh', 'rps'), f0)} | ${range(ratio(alg, 'refresh', 'rps'), f2)} | ${range(of(alg, 'refresh', 'cpuUsPerRequest'), f0)} | ${range(cpuRatio(alg, 'refresh'), f2)} ` +
        `| ${range(of(alg, 'introspect', 'rps'), f0)} | ${range(of(alg, 'introspect', 'cpuUsPerRequest'), f0)} |`,
    );
  }
  lines.push('', `Non-2xx / errors: login ${bad('login')}, refresh ${bad('refresh')}, introspection ${bad('introspect')}.`);
  return lines;
}

/** The two targets of issue 16, judged on the default (Argon2id) setting. */
function passwordTargets(result) {
  const storms = result.storms;
  const perCore = storms.map((r) => 1e6 / r.argon2id.capacity.cpuUsPerRequest);
  const p99 = storms.map((r) => r.argon2id.meDuringLogins.p99 / Math.max(r.argon2id.me.p99, 1));
  return { perCore: spread(perCore), p99: spread(p99) };
}

function passwordsSection({ meta, result }) {
  const { settings, hashing, storms } = result;
  const lines = [
    '## Issue 16: password hashing, Argon2id (default) and bcrypt side by side',
    '',
    conditions(meta),
    '',
    '**Hashes per second per core**: one worker thread of the server\'s own pool (nice 5, synchronous Argon2id), ' +
      'operations back to back; per core = 1 / CPU seconds per operation (process CPU, so time spent waiting for a shared core does not count); wall-clock rate beside it.',
    '',
    '| Setting | hash/s per core | verify/s per core | CPU ms per hash | CPU ms per verify | hash/s wall | verify/s wall |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { name, label } of settings) {
    const h = hashing[name];
    lines.push(
      `| ${label} | ${range(h.hash.map((x) => x.perSecondPerCore), f1)} | ${range(h.verify.map((x) => x.perSecondPerCore), f1)} | ${range(h.hash.map((x) => x.cpuMsPerOp), f1)} ` +
        `| ${range(h.verify.map((x) => x.cpuMsPerOp), f1)} | ${range(h.hash.map((x) => x.perSecondWall), f1)} | ${range(h.verify.map((x) => x.perSecondWall), f1)} |`,
    );
  }
  lines.push(
    '',
    `**Login storm (3) with each**: \`me\` alone, then \`me\` while another client logs in at ${result.stormRate}/s (2 connections); then **login capacity**: ` +
      'logins as fast as the server takes them, with the server\'s CPU per login (HTTP, tokens, the password check): logins per second per core = 1 / CPU seconds per login.',
    '',
    '| Setting | `me` p99 alone (ms) | `me` p99 during logins (ms) | p99 during / alone | login stream p99 (ms) | login capacity/s | CPU ms per login | **logins/s per core** | non-2xx / errors |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const { name, label } of settings) {
    const rows = storms.map((r) => r[name]);
    const bad = rows.reduce((n, r) => n + ['me', 'meDuringLogins', 'stream', 'capacity'].reduce((m, k) => m + r[k].non2xx + r[k].errors, 0), 0);
    lines.push(
      `| ${label} | ${range(rows.map((r) => r.me.p99), f0)} | ${range(rows.map((r) => r.meDuringLogins.p99), f0)} | ${range(rows.map((r) => r.meDuringLogins.p99 / Math.max(r.me.p99, 1)), f2)} ` +
        `| ${range(rows.map((r) => r.stream.p99), f0)} | ${range(rows.map((r) => r.capacity.rps), f1)} | ${range(rows.map((r) => r.capacity.cpuUsPerRequest / 1000), f1)} ` +
        `| **${range(rows.map((r) => 1e6 / r.capacity.cpuUsPerRequest), f1)}** | ${bad} |`,
    );
  }
  const t = passwordTargets(result);
  lines.push(
    '',
    '| Target (default setting, Argon2id) | Measured median (min–max) | Target | Met |',
    '|---|---|---|---|',
    `| logins per second per core | ${range([t.perCore.median, t.perCore.min, t.perCore.max], f1)} | ≥ 15 | ${t.perCore.median >= 15 ? 'yes' : 'no'} |`,
    `| p99 of \`me\` during the login storm / alone | ${range([t.p99.median, t.p99.min, t.p99.max], f2)} | ≤ 1.5 | ${t.p99.median <= 1.5 ? 'yes' : 'no'} |`,
  );
  return lines;
}

const SECTIONS = {
  signing: signingSection,
  algorithms: algorithmsSection,
  passwords: passwordsSection,
  sockets: (part) => socketsSection(part, conditions, spread),
  documents: (part) => documentsSection(part, conditions, spread),
};

/** The marked markdown of each part that ran, in a fixed order. */
function newRowsSections(parts) {
  const out = [];
  for (const [name, render] of Object.entries(SECTIONS)) {
    if (!parts[name]) continue;
    const [open, close] = marker(name);
    out.push({ name, text: [open, ...render(parts[name]), close].join('\n') });
  }
  return out;
}

/** Chart rows for ratios.svg (full runs). */
function newRowsTargets(parts) {
  if (!parts.passwords) return [];
  const t = passwordTargets(parts.passwords.result);
  return [
    // Shown against 1.0 like the other ratios: logins per core / 15.
    { label: 'Argon2id logins/s per core / 15', value: t.perCore.median / 15, target: 1, better: 'higher' },
    { label: 'Argon2id: p99 me storm / alone', value: t.p99.median, target: 1.5, better: 'lower' },
  ];
}

/** Replaces each section's marked region in an existing RESULTS.md, or inserts it before the closing notes. */
function mergeSections(markdown, sections) {
  let text = markdown;
  for (const { name, text: section } of sections) {
    const [open, close] = marker(name);
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start !== -1 && end !== -1) {
      text = `${text.slice(0, start)}${section}${text.slice(end + close.length)}`;
    } else {
      const anchor = text.indexOf('How to read these figures');
      text = anchor === -1 ? `${text}\n${section}\n` : `${text.slice(0, anchor)}${section}\n\n${text.slice(anchor)}`;
    }
  }
  return text;
}

module.exports = { newRowsSections, newRowsTargets, mergeSections };
