import { randomBytes } from "node:crypto";

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `length` characters of crypto-grade randomness, 5 bits each (16 characters: 80 bits). */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += BASE32[bytes[i] & 31];
  return out;
}

/** Length of a generated redeem code: 16 base32 characters, 80 random bits. */
export const GENERATED_CODE_LENGTH = 16;

export const generateRedeemCode = (): string => randomBase32(GENERATED_CODE_LENGTH);
