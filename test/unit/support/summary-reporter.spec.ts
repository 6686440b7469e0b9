// eslint-disable-next-line @typescript-eslint/no-require-imports
const { closingLines } = require("../../support/summary-reporter.js") as {
  closingLines: (results: unknown, rootDir?: string) => string[];
};

const file = (path: string, failing: number, extra: Record<string, unknown> = {}) => ({ testFilePath: `/repo/${path}`, numFailingTests: failing, failureMessage: null, ...extra });
const results = (over: Record<string, unknown>) => ({ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numTotalTests: 0, testResults: [], ...over });

describe("the closing tests: line", () => {
  it("adds up to Jest's own total, todo tests counted as skipped", () => {
    const lines = closingLines(results({ numPassedTests: 405, numFailedTests: 2, numPendingTests: 2, numTodoTests: 1, numTotalTests: 410 }), "/repo");
    expect(lines).toEqual(["tests: 405 passed, 2 failed, 3 skipped"]);
  });

  it("keeps the format .ci/run reads as the last line", () => {
    const last = closingLines(results({ numPassedTests: 1 }), "/repo").at(-1);
    expect(last).toMatch(/^tests: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/);
  });

  it("names test files that failed without a failing test (could not run, afterAll threw), above the counts", () => {
    const lines = closingLines(
      results({
        numPassedTests: 10,
        testResults: [
          file("test/a.int-spec.ts", 0, { testExecError: { message: "Cannot find module" } }),
          file("test/b.int-spec.ts", 0, { failureMessage: "afterAll threw" }),
          file("test/c.int-spec.ts", 1, { failureMessage: "expect(...)" }),
          file("test/d.int-spec.ts", 0),
        ],
      }),
      "/repo",
    );
    expect(lines).toEqual(["test files that failed outside their tests: 2 (test/a.int-spec.ts, test/b.int-spec.ts)", "tests: 10 passed, 0 failed, 0 skipped"]);
  });
});
