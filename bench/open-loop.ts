import http from "node:http";

export interface OpenLoopResult {
  sent: number;
  latenciesMs: number[];
  statuses: Map<number, number>;
  bodies: string[];
  errors: number;
}

/**
 * Offers requests at a fixed arrival rate (open loop), whatever the answers' speed: a request is
 * due every 1/rate seconds and goes out on time on a free keep-alive connection. Latency runs from
 * the moment a request was due, so a server that falls behind shows it (no coordinated omission).
 * autocannon's rate option is not this: each connection sends at full speed until its quota for
 * the second is used, then pauses, so "70% of max" would be bursts at 100%.
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
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const result: OpenLoopResult = { sent: 0, latenciesMs: [], statuses: new Map(), bodies: [], errors: 0 };
  const total = Math.round(options.rate * options.durationS);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();

  const send = (dueAt: number) => {
    const payload = options.body();
    const done = new Promise<void>((resolve) => {
      const request = http.request(
        { host: target.hostname, port: target.port, path: options.path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => {
            result.latenciesMs.push(performance.now() - dueAt);
            result.statuses.set(response.statusCode ?? 0, (result.statuses.get(response.statusCode ?? 0) ?? 0) + 1);
            options.onResponse?.(response.statusCode ?? 0, text);
            resolve();
          });
        },
      );
      request.on("error", () => {
        result.errors++;
        resolve();
      });
      request.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsedMs = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsedMs / 1000) * options.rate));
      while (result.sent < due) {
        send(started + (result.sent * 1000) / options.rate);
        result.sent++;
      }
      if (result.sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return result;
}
