// Prints one plain closing line, "tests: N passed, N failed, N skipped", after Jest's own
// summary, so CI (.ci/run) and scripts can read the outcome without parsing Jest's format.
//
// The numbers are the ones Jest's own "Tests:" line shows, so the two always agree: passed +
// failed + skipped is Jest's total (todo tests count as skipped). Failures Jest counts only as
// failed test *files* (a file that could not run, an afterAll that threw) have no test to count;
// they get a line of their own just above, so a run that failed never reads as clean.
function closingLines(results, rootDir = process.cwd()) {
  const skipped = results.numPendingTests + results.numTodoTests;
  const lines = [];
  const outside = results.testResults.filter((file) => file.numFailingTests === 0 && (file.testExecError || file.failureMessage));
  if (outside.length > 0) {
    const names = outside.map((file) => file.testFilePath.replace(`${rootDir}/`, "")).join(", ");
    lines.push(`test files that failed outside their tests: ${outside.length} (${names})`);
  }
  lines.push(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
  return lines;
}

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig?.rootDir;
  }

  onRunComplete(_contexts, results) {
    const lines = closingLines(results, this.rootDir);
    // At exit, so it comes after Jest's own summary and really is the last line.
    process.once("exit", () => process.stdout.write(`\n${lines.join("\n")}\n`));
  }
}
module.exports = SummaryReporter;
module.exports.closingLines = closingLines;
