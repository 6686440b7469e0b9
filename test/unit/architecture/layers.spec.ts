import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const DEPCRUISE = path.join(ROOT, "node_modules/.bin/depcruise");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");

function cruise(cwd: string): { status: number | null; output: string } {
  const result = spawnSync(DEPCRUISE, ["src", "--config", CONFIG, "--output-type", "err"], { cwd, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("layer rules (dependency-cruiser)", () => {
  it("hold for the project's own src/", () => {
    const { status, output } = cruise(ROOT);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  describe("on a tree that breaks them", () => {
    const fixture = mkdtempSync(path.join(tmpdir(), "lottery-layers-"));
    beforeAll(() => {
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
        writeFileSync(path.join(fixture, file), text);
      };
      symlinkSync(path.join(ROOT, "node_modules"), path.join(fixture, "node_modules"));
      write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", strict: true } }));
      write("src/domain/award/draw-order.entity.ts", 'import { Kafka } from "kafkajs";\nimport { repo } from "../../infrastructure/repo";\nexport const x = [Kafka, repo];\n');
      write("src/infrastructure/repo.ts", "export const repo = 1;\n");
      write("src/application/draw.use-case.ts", 'import { repo } from "../infrastructure/repo";\nexport const y = repo;\n');
      // An HTTP route reaching for an adapter and a driver; a CLI command that may take objects from
      // the composition but still not import an adapter; a composition module (allowed to see
      // adapters) naming pg's type itself; a use case reaching into the composition.
      write("src/interfaces/http/orders.routes.ts", 'import { repo } from "../../infrastructure/repo";\nimport type { Pool } from "pg";\nexport const r: [number, Pool?] = [repo];\n');
      write("src/interfaces/cli/order.command.ts", 'import { Slice } from "../../composition/slice.module";\nimport { repo } from "../../infrastructure/repo";\nexport const c = [Slice, repo];\n');
      write("src/composition/slice.module.ts", 'import type Redis from "ioredis";\nimport { repo } from "../infrastructure/repo";\nexport const Slice: [number, Redis?] = [repo];\n');
      write("src/application/cheat.use-case.ts", 'import { Slice } from "../composition/slice.module";\nexport const z = Slice;\n');
    });
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));

    it("fails and names each broken rule", () => {
      const { status, output } = cruise(fixture);
      expect(status).not.toBe(0);
      expect(output).toMatch(/domain-imports-framework.*src\/domain\/award\/draw-order\.entity\.ts.*kafkajs/s);
      expect(output).toMatch(/domain-imports-outer-layer/);
      expect(output).toMatch(/application-imports-outer-layer/);
    });

    it("keeps interfaces off adapters and drivers, and drivers inside src/infrastructure", () => {
      const { output } = cruise(fixture);
      const lines = output.split("\n");
      const broken = (rule: string, from: string) => lines.some((line) => line.includes(rule) && line.includes(from));
      expect(broken("interfaces-imports-infrastructure", "src/interfaces/http/orders.routes.ts")).toBe(true);
      expect(broken("interfaces-imports-infrastructure", "src/interfaces/cli/order.command.ts")).toBe(true);
      expect(broken("driver-outside-infrastructure", "src/interfaces/http/orders.routes.ts")).toBe(true);
      expect(broken("driver-outside-infrastructure", "src/composition/slice.module.ts")).toBe(true);
      expect(broken("only-root-sees-everything", "src/application/cheat.use-case.ts")).toBe(true);
      // The CLI may take objects from the composition, and the composition may see adapters.
      expect(broken("only-root-sees-everything", "src/interfaces/cli/order.command.ts")).toBe(false);
      expect(broken("interfaces-imports-infrastructure", "src/composition/slice.module.ts")).toBe(false);
    });
  });
});
