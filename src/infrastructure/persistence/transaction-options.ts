/**
 * Options of every interactive transaction. Prisma's defaults (wait 2 s for a connection,
 * 5 s to finish) turn a burst of draws on one hot activity row into P2028 errors; these give
 * a burst room while still bounding a stuck transaction.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
