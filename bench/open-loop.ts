import net from "node:net";

export interface OpenLoopResult {
  sent: number;
  latenciesMs: number[];
  statuses: Map<number, number>;
  errors: number;
}

/**
 * Offers requests at a fixed arrival rate (open loop), whatever the answers' speed: a request is
 * due every 1/rate seconds and goes out on time on a free keep-alive connection (a new one when
 * all are busy, up to maxSockets; past that it waits for one). Latency runs from the moment a
 * request was due, so a server that falls behind shows it (no coordinated omission).
 * autocannon's rate option is not this: each connection sends at full speed until its quota for
 * the second is used, then pauses, so "70% of max" would be bursts at 100%.
 *
 * HTTP/1.1 over plain sockets, one request at a time per connection, answers read by their
 * Content-Length: node's http client costs about twice autocannon's CPU per request, and on two
 * cores the load generator's CPU is taken from the service it measures.
 */
export async function openLoop(options: {
  url: string;
  path: string;
  rate: number;
  durationS: number;
  body: () => string;
  maxSockets?: number;
  onResponse?: (status: number, body: string) => void;
}): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const maxSockets = options.maxSockets ?? 256;
  const result: OpenLoopResult = { sent: 0, latenciesMs: [], statuses: new Map(), errors: 0 };
  const total = Math.round(options.rate * options.durationS);
  const head = `POST ${options.path} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: `;
  const free: Connection[] = [];
  const waiting: number[] = [];
  let open = 0;
  let answered = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const settle = (connection: Connection | null) => {
    answered++;
    if (answered === total) finish();
    if (!connection) return;
    const next = waiting.shift();
    if (next === undefined) free.push(connection);
    else connection.send(next);
  };
  const connect = (): Connection => {
    open++;
    return new Connection(Number(target.port), target.hostname, head, options.body, {
      answered: (connection, dueAt, status, body) => {
        result.latenciesMs.push(performance.now() - dueAt);
        result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
        options.onResponse?.(status, body);
        settle(connection);
      },
      failed: (connection, inFlight) => {
        open--;
        const at = free.indexOf(connection);
        if (at >= 0) free.splice(at, 1);
        if (inFlight) {
          result.errors++;
          settle(null);
        }
      },
    });
  };
  const offer = (dueAt: number) => {
    const connection = free.pop() ?? (open < maxSockets ? connect() : undefined);
    if (connection) connection.send(dueAt);
    else waiting.push(dueAt);
  };

  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate));
      while (result.sent < due) {
        offer(started + (result.sent * 1000) / options.rate);
        result.sent++;
      }
      if (result.sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  if (total > 0) await finished;
  for (const connection of free) connection.close();
  return result;
}

interface ConnectionEvents {
  answered(connection: Connection, dueAt: number, status: number, body: string): void;
  /** The socket closed or failed; `inFlight` when a request on it got no answer. */
  failed(connection: Connection, inFlight: boolean): void;
}

/** One keep-alive connection: one request at a time, its answer read by Content-Length. */
class Connection {
  private readonly socket: net.Socket;
  private buffered = "";
  private dueAt: number | null = null;

  constructor(port: number, host: string, private readonly head: string, private readonly body: () => string, private readonly events: ConnectionEvents) {
    this.socket = net.connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => this.read(chunk));
    this.socket.on("error", () => undefined);
    this.socket.on("close", () => {
      const inFlight = this.dueAt !== null;
      this.dueAt = null;
      this.events.failed(this, inFlight);
    });
  }

  send(dueAt: number): void {
    this.dueAt = dueAt;
    const body = this.body();
    this.socket.write(`${this.head}${Buffer.byteLength(body)}\r\n\r\n${body}`, "utf8");
  }

  close(): void {
    this.socket.end();
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    const end = this.buffered.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(this.buffered.slice(0, end))?.[1] ?? 0);
    if (this.buffered.length < end + 4 + length) return;
    const status = Number(this.buffered.slice(9, 12));
    const body = Buffer.from(this.buffered.slice(end + 4, end + 4 + length), "latin1").toString("utf8");
    this.buffered = this.buffered.slice(end + 4 + length);
    const dueAt = this.dueAt ?? performance.now();
    this.dueAt = null;
    this.events.answered(this, dueAt, status, body);
  }
}
