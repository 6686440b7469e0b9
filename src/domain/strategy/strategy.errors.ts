import { DomainError } from "../../shared/domain-error";

/**
 * A strategy, or one of its award lines, that breaks a rule of DOMAIN.md ("Strategy and draw").
 * Returned, not thrown: a bad deployment request is an expected outcome. `path` leads into
 * the strategy (`awards[2].rate`) so an operator can find what to fix; {@link within} places it
 * in a request that holds the strategy.
 */
export class StrategyInvalidError extends DomainError<"ILLEGAL_PARAMETER"> {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super("ILLEGAL_PARAMETER", `${path}: ${reason}`, { path, problem: reason });
  }

  /** The same error, its path starting at the request that holds the strategy under `key`. */
  within(key: string): StrategyInvalidError {
    return new StrategyInvalidError(`${key}.${this.path}`, this.reason);
  }
}
