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
    /** For bad input: the field of the request at fault, so a form can show the problem beside it. */
    readonly field?: FieldProblem,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A field of a request and what is wrong with it. `path` runs from the request's root in the
 * domain's words (`strategy.awards[2].rate`); each interface writes it its own way.
 */
export interface FieldProblem {
  path: string;
  problem: string;
}
