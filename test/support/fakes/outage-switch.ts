import { DependencyUnavailableError, type Dependency } from "../../../src/shared/errors";

/**
 * What a fake does while its dependency is away: every call throws, as the adapter does when
 * PostgreSQL or Redis does not answer. `start` with no error throws the adapter's own
 * DependencyUnavailableError; `once` fails one call only.
 */
export class OutageSwitch {
  private error: Error | undefined;
  private calls = Infinity;

  constructor(private readonly dependency: Dependency = "postgres") {}

  start(error: Error = new DependencyUnavailableError(this.dependency, "connect ECONNREFUSED")): this {
    this.error = error;
    this.calls = Infinity;
    return this;
  }

  once(error?: Error): this {
    this.start(error);
    this.calls = 1;
    return this;
  }

  end(): void {
    this.error = undefined;
  }

  /** Throws when the dependency is away; called first by every method of a fake. */
  check(): void {
    const error = this.error;
    if (!error) return;
    this.calls -= 1;
    if (this.calls <= 0) this.error = undefined;
    throw error;
  }
}
