/** The dependencies whose absence the service survives: it answers 503 and waits for them. */
export type Dependency = "postgres" | "redis" | "kafka";

/**
 * A dependency is away (refused, reset, timed out, starting up). Not a bug and not bad input:
 * HTTP answers 503 UNAVAILABLE, a consumer pauses and retries. Thrown by adapters, which know
 * their driver's errors, so callers decide by type and never by message.
 *
 * `outcomeUnknown`: the request may have reached the dependency before it went away, so a write
 * may or may not have happened (a COMMIT whose answer was lost). Callers must not undo
 * side effects of such a write on the assumption that it failed.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    message: string,
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} unavailable: ${message}`, options);
    this.name = "DependencyUnavailableError";
  }
}

export function isDependencyUnavailable(error: unknown): error is DependencyUnavailableError {
  return error instanceof DependencyUnavailableError;
}
