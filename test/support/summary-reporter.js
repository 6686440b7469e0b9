// Prints one plain closing line, "tests: N passed, N failed, N skipped", after Jest's own
// summary, so CI and scripts can read the outcome without parsing Jest's format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    // At exit, so it comes after Jest's own summary and really is the last line.
    process.once("exit", () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
