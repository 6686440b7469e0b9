/**
 * The base of every expected refusal of the domain and application layers (bad operator input,
 * a state conflict, a sold-out prize). `code` is the public code of DOMAIN.md (REST API), the
 * same string REST answers and the CLI prints, so no layer translates codes and nothing ever reads
 * the message to decide. Returned in a Result, not thrown: the caller has to look at it.
 * Outages are a different thing (DependencyUnavailableError, shared/errors.ts).
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
