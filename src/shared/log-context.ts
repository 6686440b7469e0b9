import { AsyncLocalStorage } from "node:async_hooks";

/** Fields every log line written while handling one request carries (its request id). */
export interface LogContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context`, so that every line it logs, however deep, carries the fields. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
