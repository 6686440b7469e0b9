import { asOutage } from "../outage";

/**
 * Runs a Redis command and turns a connection failure into a DependencyUnavailableError. Redis
 * writes here are single commands or scripts that Redis runs whole or not at all, but a reply lost
 * with the connection leaves open whether it ran: hence outcomeUnknown.
 */
export async function redisCall<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw asOutage(error, true);
  }
}
