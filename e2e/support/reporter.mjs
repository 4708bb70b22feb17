// Records checks and prints the closing line CI reads: "N passed, N failed, N skipped".

export class Reporter {
  passed = 0;
  failed = 0;
  skipped = 0;
  failures = [];

  section(title) {
    console.log(`\n${title}`);
  }

  /** Runs one check; a failure is recorded and rethrown so the flow it belongs to stops there. */
  async check(name, fn) {
    const started = Date.now();
    try {
      const result = await fn();
      this.passed += 1;
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
      return result;
    } catch (error) {
      this.failed += 1;
      this.failures.push(`${name}: ${error?.message ?? error}`);
      console.log(`  ✗ ${name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 4).join('\n      ')}`);
      throw new FlowAborted(name);
    }
  }

  skip(name, reason) {
    this.skipped += 1;
    console.log(`  - SKIPPED ${name}: ${reason}`);
  }

  /** An error outside any check (a server that did not start): counted as a failure. */
  fail(name, error) {
    this.failed += 1;
    this.failures.push(`${name}: ${error?.message ?? error}`);
    console.log(`  ✗ ${name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
  }

  summary() {
    console.log(`\n${this.failed === 0 ? 'PASS' : 'FAIL'} e2e`);
    for (const failure of this.failures) console.log(`  failed: ${failure}`);
    console.log(`e2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`);
    return this.failed === 0 ? 0 : 1;
  }
}

/** Thrown after a failed check so the rest of its flow, which depends on it, does not run. */
export class FlowAborted extends Error {
  constructor(check) {
    super(`flow stopped after failed check: ${check}`);
    this.name = 'FlowAborted';
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
