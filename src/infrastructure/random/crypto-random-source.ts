import { randomBytes, randomInt } from "node:crypto";
import { MAX_RANDOM_BOUND, assertRandomBound, type RandomSource } from "../../domain/strategy/random-source";

/**
 * Production randomness: node:crypto's CSPRNG, so no user can predict a draw from earlier ones.
 * randomInt rejects modulo bias itself but spans at most 2^48 - 1 values, so the one bound it
 * cannot take, 2^48 exactly, is served from six random bytes, which are uniform over it as they are.
 */
export class CryptoRandomSource implements RandomSource {
  nextInt(bound: number): number {
    assertRandomBound(bound);
    if (bound === MAX_RANDOM_BOUND) return randomBytes(6).readUIntBE(0, 6);
    return randomInt(bound);
  }
}
