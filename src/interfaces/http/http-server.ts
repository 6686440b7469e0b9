import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Lifecycle } from "../../shared/lifecycle";

/** The HTTP listener as a lifecycle part: stop refuses new connections and lets requests in flight finish. */
export class HttpServer implements Lifecycle {
  readonly name = "http";
  private server: Server | undefined;

  constructor(
    private readonly app: RequestListener,
    private readonly host: string,
    private readonly port: number,
    private readonly log: Logger,
  ) {}

  /** The bound address; with port 0 the system picked a free one. */
  get address(): AddressInfo {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("HTTP server is not listening");
    return address;
  }

  async start(): Promise<void> {
    const server = createServer(this.app);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.log.info({ url: `http://${this.address.address}:${this.address.port}` }, "HTTP listening");
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open until they time out.
    server.closeIdleConnections();
    await closed;
  }
}
