import { DomainError } from "../../shared/domain-error";

/**
 * A strategy, or one of its award lines, that breaks a rule of DOMAIN.md ("Strategy and draw").
 * Returned, not thrown: a bad deployment request is an expected outcome. `field` is a path into
 * the request (`awards[2].rate`) so an operator can find what to fix.
 */
export class StrategyInvalidError extends DomainError<"ILLEGAL_PARAMETER"> {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super("ILLEGAL_PARAMETER", `${field}: ${reason}`);
  }
}
