// Jest's own summary, then one closing line any CI can read: "tests: N passed, N failed, N skipped".
// It wraps SummaryReporter (instead of following it) because Jest always adds its summary last.
const { SummaryReporter } = require('@jest/reporters');

class SummaryWithCountsReporter extends SummaryReporter {
  onRunComplete(testContexts, results) {
    super.onRunComplete(testContexts, results);
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryWithCountsReporter;
