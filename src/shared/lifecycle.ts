/** Something a process starts at boot and stops at shutdown: a server, a consumer group, a pool. */
export interface Lifecycle {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
