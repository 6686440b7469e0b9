import { err, ok, type Result } from "../../shared/result";
import { AwardType, isAwardType } from "../award/award-type";
import { isEmptyPoolPolicy, type EmptyPoolPolicy } from "../award/empty-pool-policy";
import { AwardRate, RATE_SCALE, formatRateUnits } from "./award-rate.value-object";
import { drawAlgorithmFor } from "./draw-algorithm-by-mode";
import type { DrawLine } from "./draw-algorithm";
import { MAX_RANDOM_BOUND, nextIntBelow, type RandomSource } from "./random-source";
import { StrategyMode, isStrategyMode, strategyModeName } from "./strategy-mode";
import { StrategyInvalidError } from "./strategy.errors";

/** When a won prize is granted. Persisted; only immediate grants exist so far. */
export enum GrantType {
  IMMEDIATE = 1,
}

// Column widths of the award and strategy_detail tables: refused here rather than by the database.
const MAX_AWARD_ID_LENGTH = 64;
const MAX_AWARD_NAME_LENGTH = 128;
const MAX_AWARD_CONTENT_LENGTH = 1024;
const MAX_AWARD_COUNT = 2_147_483_647;

export interface AwardLineProps {
  readonly awardId: string;
  readonly type: AwardType;
  readonly name: string;
  readonly content: string;
  readonly count: number;
  /** Defaults to `count` (a freshly deployed strategy). */
  readonly surplus?: number;
  /** A decimal string with at most 10 decimals, e.g. "0.05". */
  readonly rate: string;
  /**
   * REDEEM_CODE only: what a grant does once the award's code pool is empty. Absent on other
   * types; absent on a REDEEM_CODE award deployed before awards had a policy (the deployment's
   * REDEEM_CODE_WHEN_POOL_EMPTY applies to it).
   */
  readonly whenPoolEmpty?: EmptyPoolPolicy;
}

export interface StrategyProps {
  readonly strategyId: number;
  readonly mode: StrategyMode;
  readonly grantType: GrantType;
  readonly awards: readonly AwardLineProps[];
}

/** One prize of a strategy with its stock and its probability. */
export interface AwardLine extends DrawLine {
  readonly awardId: string;
  readonly type: AwardType;
  readonly name: string;
  readonly content: string;
  readonly count: number;
  readonly surplus: number;
  readonly rate: AwardRate;
  readonly whenPoolEmpty?: EmptyPoolPolicy;
}

/**
 * A draw strategy and its award lines (DOMAIN.md, "Strategy and draw"). Immutable: stock is
 * counted in storage, and a Strategy is a snapshot of it. Its `awards` array is frozen and
 * reused, so the draw algorithms' per-array table cache holds across draws.
 */
export class Strategy {
  private readonly byId: ReadonlyMap<string, AwardLine>;

  private constructor(
    readonly strategyId: number,
    readonly mode: StrategyMode,
    readonly grantType: GrantType,
    readonly awards: readonly AwardLine[],
  ) {
    this.byId = new Map(awards.map((award) => [award.awardId, award]));
  }

  /** Checks every rule; the first one broken is returned as an error naming its field. */
  static create(props: StrategyProps): Result<Strategy, StrategyInvalidError> {
    const invalid = (field: string, reason: string) => err(new StrategyInvalidError(field, reason));
    if (!isPositiveSafeInteger(props.strategyId)) return invalid("strategyId", "must be a positive integer");
    if (!isStrategyMode(props.mode)) return invalid("mode", "must be 1 (SINGLE) or 2 (ENTIRETY)");
    if (props.grantType !== GrantType.IMMEDIATE) return invalid("grantType", "must be 1 (immediate)");
    if (!Array.isArray(props.awards) || props.awards.length === 0) return invalid("awards", "must hold at least one award");

    const awards: AwardLine[] = [];
    const indexById = new Map<string, number>();
    for (const [index, line] of props.awards.entries()) {
      const created = createAwardLine(line, `awards[${index}]`);
      if (!created.ok) return created;
      const earlier = indexById.get(created.value.awardId);
      if (earlier !== undefined) return invalid(`awards[${index}].awardId`, `${JSON.stringify(created.value.awardId)} is already awards[${earlier}].awardId`);
      indexById.set(created.value.awardId, index);
      awards.push(created.value);
    }

    // Exact: each rate is an integer number of 1e-10 units, so "0.1" + "0.2" + "0.7" is exactly 1.
    const total = awards.reduce((sum, award) => sum + award.rate.units, 0);
    const modeName = strategyModeName(props.mode);
    if (props.mode === StrategyMode.SINGLE && total > RATE_SCALE) {
      return invalid("awards", `${modeName} rates sum to ${formatRateUnits(total)}, more than 1`);
    }
    if (props.mode === StrategyMode.ENTIRETY && total === 0) return invalid("awards", `${modeName} rates must sum to more than 0`);
    if (total > MAX_RANDOM_BOUND) return invalid("awards", `rates sum to ${formatRateUnits(total)}, more than a draw can span`);

    return ok(new Strategy(props.strategyId, props.mode, props.grantType, Object.freeze(awards)));
  }

  award(awardId: string): AwardLine | undefined {
    return this.byId.get(awardId);
  }

  /** The awardId won, or null for a loss, by the algorithm of this strategy's mode. */
  draw(outOfStock: ReadonlySet<string>, random: RandomSource): string | null {
    return drawAlgorithmFor(this.mode).draw(this.awards, outOfStock, random);
  }

  /**
   * The awards one draw tries, in order, when their stock is checked only as the draw is written:
   * first the award {@link draw} picks (exact), then, for ENTIRETY, the other awards with stock
   * and a rate in a random order weighted by rate, so that the first of them still in stock has
   * exactly the chance a new draw among the awards left would give it. SINGLE tries only its
   * award: if that sold out, the draw is a loss. Empty for a loss.
   */
  drawPreference(outOfStock: ReadonlySet<string>, random: RandomSource): string[] {
    const first = this.draw(outOfStock, random);
    if (first === null) return [];
    if (this.mode !== StrategyMode.ENTIRETY) return [first];
    const rest = this.awards.filter((award) => award.awardId !== first && !award.rate.isZero && !outOfStock.has(award.awardId));
    if (rest.length === 0) return [first];
    // Efraimidis-Spirakis: sorting by u^(1/w) (here its logarithm) draws without replacement,
    // each next pick proportional to its rate among those not yet picked.
    const keyed = rest.map((award) => ({ awardId: award.awardId, key: Math.log((nextIntBelow(random, MAX_RANDOM_BOUND) + 1) / MAX_RANDOM_BOUND) / award.rate.units }));
    keyed.sort((a, b) => b.key - a.key);
    return [first, ...keyed.map((entry) => entry.awardId)];
  }
}

function createAwardLine(props: AwardLineProps, path: string): Result<AwardLine, StrategyInvalidError> {
  const invalid = (field: string, reason: string) => err(new StrategyInvalidError(`${path}.${field}`, reason));
  if (!isNonBlankString(props.awardId)) return invalid("awardId", "must be a non-empty string");
  if (characters(props.awardId) > MAX_AWARD_ID_LENGTH) return invalid("awardId", `must be at most ${MAX_AWARD_ID_LENGTH} characters`);
  if (!isAwardType(props.type)) return invalid("type", "must be 1 (DESC), 2 (REDEEM_CODE), 3 (COUPON) or 4 (PHYSICAL)");
  if (!isNonBlankString(props.name)) return invalid("name", "must be a non-empty string");
  if (characters(props.name) > MAX_AWARD_NAME_LENGTH) return invalid("name", `must be at most ${MAX_AWARD_NAME_LENGTH} characters`);
  if (typeof props.content !== "string") return invalid("content", "must be a string");
  if (characters(props.content) > MAX_AWARD_CONTENT_LENGTH) return invalid("content", `must be at most ${MAX_AWARD_CONTENT_LENGTH} characters`);
  if (!isCount(props.count)) return invalid("count", `must be an integer from 0 to ${MAX_AWARD_COUNT}`);
  const surplus = props.surplus ?? props.count;
  if (!isCount(surplus) || surplus > props.count) return invalid("surplus", `must be an integer from 0 to count (${props.count})`);
  const rate = AwardRate.parse(props.rate, `${path}.rate`);
  if (!rate.ok) return rate;
  const { whenPoolEmpty } = props;
  if (whenPoolEmpty !== undefined) {
    // Only a REDEEM_CODE award has a pool: a policy elsewhere is a mistake the operator should hear of.
    if (props.type !== AwardType.REDEEM_CODE) return invalid("whenPoolEmpty", "only REDEEM_CODE awards have a code pool; remove it from this award");
    if (!isEmptyPoolPolicy(whenPoolEmpty)) return invalid("whenPoolEmpty", 'must be "GENERATE" or "FAIL"');
  }
  return ok(
    Object.freeze({
      awardId: props.awardId,
      type: props.type,
      name: props.name,
      content: props.content,
      count: props.count,
      surplus,
      rate: rate.value,
      ...(whenPoolEmpty === undefined ? {} : { whenPoolEmpty }),
    }),
  );
}

function isPositiveSafeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_AWARD_COUNT;
}

function isNonBlankString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** Counts code points, as PostgreSQL's VARCHAR(n) does, not UTF-16 units. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
