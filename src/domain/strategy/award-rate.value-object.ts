import { err, ok, type Result } from "../../shared/result";
import { StrategyInvalidError } from "./strategy.errors";

/** Decimal places a rate may carry: the column is NUMERIC(12,10). */
export const RATE_DECIMALS = 10;
/** Units in a rate of 1: a rate is held as an integer count of 1e-10, so sums are exact. */
export const RATE_SCALE = 10_000_000_000;

// A sign is let through the syntax check only so that "-0.1" is refused as out of range, which
// tells the operator more than "not a decimal".
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The probability of one award line, exact to 1e-10. Never a float: 0.1 + 0.2 must be 0.3 when
 * SINGLE rates are checked to sum to at most 1, and no draw may lose a fraction of a percent.
 */
export class AwardRate {
  private constructor(private readonly rateUnits: number) {}

  /** Parses "0.05", "0.0125", "1". `field` names the rate in the error (e.g. `awards[2].rate`). */
  static parse(text: string, field = "rate"): Result<AwardRate, StrategyInvalidError> {
    const match = typeof text === "string" ? DECIMAL.exec(text) : null;
    if (!match) return err(new StrategyInvalidError(field, `not a decimal string such as "0.05": ${JSON.stringify(text)}`));
    const [, sign, whole, fraction = ""] = match;
    // Trailing zeros do not change the value, so "0.05000000000" is as exact as "0.05".
    const significant = fraction.replace(/0+$/, "");
    if (significant.length > RATE_DECIMALS) return err(new StrategyInvalidError(field, `more than ${RATE_DECIMALS} decimal places`));
    const wholeDigits = whole.replace(/^0+/, "");
    // Compared as text first: Number() of a long whole part would lose precision.
    if (wholeDigits.length > 1) return err(new StrategyInvalidError(field, "must be between 0 and 1"));
    const units = Number(wholeDigits || "0") * RATE_SCALE + Number(significant.padEnd(RATE_DECIMALS, "0"));
    if (units > RATE_SCALE || (sign === "-" && units > 0)) return err(new StrategyInvalidError(field, "must be between 0 and 1"));
    return ok(new AwardRate(units));
  }

  /** From units of 1e-10, for values already validated (e.g. sums computed here). */
  static fromUnits(units: number): AwardRate {
    if (!Number.isSafeInteger(units) || units < 0 || units > RATE_SCALE) {
      throw new RangeError(`rate units must be an integer in [0, ${RATE_SCALE}], got ${units}`);
    }
    return new AwardRate(units);
  }

  /** The rate in units of 1e-10: "0.05" is 500,000,000. */
  get units(): number {
    return this.rateUnits;
  }

  get isZero(): boolean {
    return this.rateUnits === 0;
  }

  equals(other: AwardRate): boolean {
    return this.rateUnits === other.rateUnits;
  }

  /** Canonical decimal: "0.0125", "1", "0"; what the API returns and the database stores. */
  toString(): string {
    return formatRateUnits(this.rateUnits);
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A non-negative number of 1e-10 units as a decimal; also for sums of rates, which may exceed 1. */
export function formatRateUnits(units: number): string {
  const whole = Math.floor(units / RATE_SCALE);
  const fraction = String(units % RATE_SCALE).padStart(RATE_DECIMALS, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
