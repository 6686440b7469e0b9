// Two projects: `unit` (pure logic, no services) and `integration` (real PostgreSQL, Redis and
// Kafka, provided by test/support/global-setup.ts). `npm test` runs both.
// The contract suites in test/contract/ are no tests of their own: each is run by a file of
// each project (test/unit/contract on the fake, test/integration/contract on the adapter).
// ts-jest transpiles file by file (tsconfig "isolatedModules"), so tests start fast; type
// errors are caught by `tsc` in `npm run build`, which `npm test` runs first.
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json", diagnostics: false }] };

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  // Integration tests talk to real services; a broker restart alone takes several seconds.
  testTimeout: 60000,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/unit/**/*.spec.ts"],
    },
    {
      displayName: "integration",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/integration/**/*.int-spec.ts", "<rootDir>/test/e2e/**/*.e2e-spec.ts"],
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
  ],
};
