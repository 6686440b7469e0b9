// Layer rules of STYLE.md: domain <- application <- infrastructure and interfaces; only
// the composition (container.ts, main.ts, src/composition) sees everything. `npm run lint:layers` and the test suite run these.
const FRAMEWORKS = "(^|/)node_modules/(inversify|@prisma|prisma|kafkajs|ioredis|express|pino|pg|zod|reflect-metadata|@inversifyjs)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-framework",
      comment: "src/domain is pure TypeScript: no DI, ORM, broker, cache, HTTP or logging library.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "domain-imports-outer-layer",
      comment: "src/domain may import only itself and src/shared.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/", pathNot: "^src/(domain|shared)/" },
    },
    {
      name: "application-imports-outer-layer",
      comment: "Use cases see the domain and their own ports, never adapters or delivery mechanisms.",
      severity: "error",
      from: { path: "^src/application/" },
      to: { path: "^src/(infrastructure|interfaces|config|composition)/|^src/(container|main)\\.ts$" },
    },
    {
      name: "application-imports-framework",
      comment: "Frameworks stay behind ports in src/application.",
      severity: "error",
      from: { path: "^src/application/" },
      to: { path: FRAMEWORKS, dependencyTypes: ["npm", "npm-dev", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "shared-imports-anything",
      comment: "src/shared holds tiny guards and the result union; it imports nothing of ours or theirs.",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: "^src/(?!shared/)", dependencyTypes: ["local"] },
    },
    {
      name: "only-root-sees-everything",
      comment:
        "Only the composition (container.ts, main.ts, src/composition) wires layers together; the CLI, a second entry point, takes its objects from the same modules.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/((container|main)\\.ts$|composition/|interfaces/cli/)" },
      to: { path: "^src/((container|main)\\.ts$|composition/)" },
    },
    {
      name: "interfaces-imports-infrastructure",
      comment: "Routes, the CLI and jobs call use cases and query services; adapters reach them only through the composition.",
      severity: "error",
      from: { path: "^src/interfaces/" },
      to: { path: "^src/infrastructure/" },
    },
    {
      name: "driver-outside-infrastructure",
      comment: "kafkajs, pg, ioredis and Prisma are adapters' business: only src/infrastructure imports them (types included).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/infrastructure/" },
      to: { path: "(^|/)node_modules/(kafkajs|pg|ioredis|@prisma/[^/]+|prisma)/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/infrastructure/persistence/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
