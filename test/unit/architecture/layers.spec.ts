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
    });
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));

    it("fails and names each broken rule", () => {
      const { status, output } = cruise(fixture);
      expect(status).not.toBe(0);
      expect(output).toMatch(/domain-imports-framework.*src\/domain\/award\/draw-order\.entity\.ts.*kafkajs/s);
      expect(output).toMatch(/domain-imports-outer-layer/);
      expect(output).toMatch(/application-imports-outer-layer/);
    });
  });
});
