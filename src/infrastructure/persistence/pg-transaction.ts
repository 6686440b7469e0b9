import type { Pool, PoolClient } from "pg";

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK when
 * it throws. A connection whose ROLLBACK fails is in an unknown state and is dropped, not pooled.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // While checked out a client has no listener of the pool's: a server that goes away between two
  // statements would be an unhandled 'error' event, fatal to the process. The failure reaches
  // us through the next query instead.
  client.on("error", ignoreConnectionError);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.removeListener("error", ignoreConnectionError);
    client.release();
    return result;
  } catch (error) {
    const rolledBack = await client.query("ROLLBACK").then(
      () => true,
      () => false,
    );
    client.removeListener("error", ignoreConnectionError);
    client.release(!rolledBack);
    throw error;
  }
}

function ignoreConnectionError(): void {}
