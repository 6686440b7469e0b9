/**
 * Hands out ids for draw orders and takes.
 *
 * Ids are unique across processes as long as each process runs with its own worker id, and
 * strictly increasing within one process (also across a clock that steps back). They are
 * positive and below 2^63, so they fit a PostgreSQL BIGINT; carry them in JSON as decimal
 * strings, since a JavaScript number loses precision above 2^53.
 */
export interface IdGenerator {
  nextId(): bigint;
}
