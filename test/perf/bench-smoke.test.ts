import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// `npm run bench` in quick mode, end to end: build, server in a child process, autocannon, report files.
describe('benchmark harness (BENCH_QUICK=1)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tokengate-bench-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('runs every scenario and writes RESULTS.md and ratios.svg with the targets', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.resolve(__dirname, '../../bench/run.js')],
        { env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out, BENCH_ROUNDS: '2', MONGODB_URI: '', BENCH_ONLY: 'core' }, maxBuffer: 1 << 22 },
        (error, output, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(output)),
      );
    });
    expect(stdout).toMatch(/round 2\/2/);
    const results = readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
    for (const row of ['(1) public query', '(2) `me`', '(3) (2) while', '(4) refresh', '(2)/(1) throughput', 'p99 of (2) during (3)', 'plain `jsonwebtoken.verify`', 'floor: HMAC-SHA256']) {
      expect(results).toContain(row);
    }
    expect(results).toContain('QUICK MODE');
    // Every request of every scenario succeeded: a failing scenario would show in the last column.
    const scenarioRows = results.split('\n').filter((line) => /^\| \(\d/.test(line) && !/[≥≤]/.test(line));
    expect(scenarioRows).toHaveLength(5);
    for (const line of scenarioRows) expect(line.trim().endsWith('| 0 |')).toBe(true);
    // (6): tokengate's `me` against the bare Apollo Server on Express, every request of both answered.
    expect(results).toContain('(6) tokengate `me` / bare `me` throughput');
    const versusBareRounds = results.split('\n').filter((line) => /^\| [12] \|/.test(line));
    expect(versusBareRounds).toHaveLength(2);
    for (const line of versusBareRounds) expect(line.trim().endsWith('| 0 / 0 |')).toBe(true);
    const svg = readFileSync(path.join(out, 'ratios.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('(2)/(1) throughput');
    expect(svg).toContain('(6) tokengate/bare');
  }, 240_000);

  // Issues 12 and 16: BENCH_ONLY=new runs only their rows and replaces only their sections of RESULTS.md.
  test('BENCH_ONLY=new adds the signing, algorithm and password sections and keeps the rest of RESULTS.md', async () => {
    const before = readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
    const runNew = () =>
      new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [path.resolve(__dirname, '../../bench/run.js')],
          { env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out, BENCH_ROUNDS: '1', BENCH_ONLY: 'new', BENCH_SKIP_BUILD: '1' }, maxBuffer: 1 << 22 },
          (error, output, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(output)),
        );
      });
    expect(await runNew()).toMatch(/\[passwords\] round 1\/1/);
    const results = readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
    // The core part is untouched: everything before the first new section is as it was.
    expect(results.slice(0, results.indexOf('<!-- bench:signing -->'))).toBe(before.slice(0, before.indexOf('How to read these figures')));
    for (const row of ['| ES256 |', '| RS256 |', '| HS256 |', 'introspect/s', 'hash/s per core', '**logins/s per core**', 'logins per second per core', 'p99 of `me` during the login storm / alone']) {
      expect(results).toContain(row);
    }
    expect(results).toMatch(/Load average \(1 \/ 5 \/ 15 min\) at the start [\d.]+/);
    expect(results).toContain('Non-2xx / errors: login 0, refresh 0, introspection 0.');
    const stormRows = results.split('\n').filter((line) => /^\| (Argon2id|bcrypt) .*\*\*/.test(line));
    expect(stormRows).toHaveLength(2);
    for (const line of stormRows) expect(line.trim().endsWith('| 0 |')).toBe(true);
    // A second run replaces its sections rather than adding more.
    await runNew();
    expect(readFileSync(path.join(out, 'RESULTS.md'), 'utf8').split('<!-- bench:passwords -->')).toHaveLength(2);
  }, 480_000);
});
