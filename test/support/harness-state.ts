import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** What global setup started, so that global teardown stops exactly that, even after a failed setup. */
export interface HarnessState {
  runId: string;
  tempDir: string;
  database?: { adminUrl: string; name: string };
  redis?: { url: string; keyPrefix: string };
  kafka?: { source: "KAFKA_BROKERS" } | { source: "testcontainers"; containerId: string } | { source: "local-broker"; dataDir: string };
  /** Containers this run started (Kafka, PostgreSQL, Redis); teardown removes each. */
  containers?: string[];
}

// Setup and teardown run in Jest's parent process; the file keys on its pid.
const stateFile = () => path.join(tmpdir(), `lottery-test-harness-${process.pid}.json`);

export function saveHarnessState(state: HarnessState): void {
  writeFileSync(stateFile(), JSON.stringify(state));
}

export function loadHarnessState(): HarnessState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(), "utf8")) as HarnessState;
  } catch {
    return undefined;
  }
}

export function clearHarnessState(): void {
  writeFileSync(stateFile(), "{}");
}
