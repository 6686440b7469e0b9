import path from "node:path";
import { read } from "./compose-file";

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");

  /** Files of `needed` that the last stage (the runtime image) does not COPY from the context. */
  function missingFromRuntime(text: string, needed: string[]): string[] {
    const runtime = text.slice(text.lastIndexOf("\nFROM "));
    const copied = [...runtime.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].trim().split(/\s+/));
    return needed.filter((file) => !copied.some((source) => file === source || file.startsWith(`${source}/`)));
  }

  it("copies into the runtime image what the Prisma CLI loads for migrate deploy", () => {
    // prisma.config.ts is TypeScript the CLI loads itself; each local file it imports must be there.
    const imports = [...read("prisma.config.ts").matchAll(/from "(\.\.?\/[^"]+)"/g)].map((m) => `${path.posix.normalize(m[1])}.ts`);
    expect(imports).toEqual(["src/infrastructure/persistence/pg-pool-config.ts"]);
    const needed = ["prisma/schema.prisma", "prisma/migrations", "prisma.config.ts", "scripts/migrate.mjs", ...imports];
    expect(missingFromRuntime(dockerfile, needed)).toEqual([]);
    const withoutImport = dockerfile.replace(/^COPY src\/infrastructure\/persistence\/pg-pool-config\.ts .*$/m, "");
    expect(missingFromRuntime(withoutImport, needed)).toEqual(["src/infrastructure/persistence/pg-pool-config.ts"]);
  });

  it("runs as a non-root user", () => {
    expect(dockerfile).toMatch(/^USER (?!root$|0$)\S+$/m);
  });
});
