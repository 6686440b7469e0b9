import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findLocalBroker, localBrokerDirs, withLocalBroker } from "../../../../src/interfaces/cli/local-broker";

describe("finding the local broker of a checkout", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), "local-broker-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A data dir as kafka.sh leaves it: ports.env and broker.pid. */
  function dataDir(name: string, pid: number, port = 41234): string {
    const dir = path.join(root, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "ports.env"), `BROKER_PORT=${port}\nCONTROLLER_PORT=${port + 1}\n`);
    writeFileSync(path.join(dir, "broker.pid"), `${pid}\n`);
    return dir;
  }

  it("looks in ./.tmp/kafka first, then in the CLI's own checkout", () => {
    expect(localBrokerDirs("/work/elsewhere", "/repo/dist/src/interfaces/cli")).toEqual(["/work/elsewhere/.tmp/kafka", "/repo/.tmp/kafka"]);
    expect(localBrokerDirs("/repo", "/repo/src/interfaces/cli")).toEqual(["/repo/.tmp/kafka"]);
  });

  it("ignores a dir whose broker is not running (a stale pid file)", () => {
    expect(findLocalBroker([dataDir("stale", 2 ** 22 + 12345)])).toBeUndefined();
  });

  it("ignores a live pid that is not this dir's broker (a recycled pid)", () => {
    // This test process is alive, but does not run DIR/server.properties.
    expect(findLocalBroker([dataDir("recycled", process.pid)])).toBeUndefined();
  });

  it("ignores a dir without kafka.sh's files", () => {
    expect(findLocalBroker([path.join(root, "missing")])).toBeUndefined();
  });

  it("keeps KAFKA_BROKERS when set, and says where the address came from otherwise", () => {
    expect(withLocalBroker({ KAFKA_BROKERS: "kafka:9092" }, [])).toEqual({ env: { KAFKA_BROKERS: "kafka:9092" }, kafkaOrigin: "from KAFKA_BROKERS" });
    const none = withLocalBroker({}, [path.join(root, "missing")]);
    expect(none.env.KAFKA_BROKERS).toBeUndefined();
    expect(none.kafkaOrigin).toMatch(/KAFKA_BROKERS is unset and no local broker runs in \.tmp\/kafka/);
  });
});
