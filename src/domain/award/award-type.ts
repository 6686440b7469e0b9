/** Kinds of prize, each with its own distributor (DOMAIN.md). The numbers are persisted: never renumber. */
export enum AwardType {
  /** A text prize. */
  DESC = 1,
  REDEEM_CODE = 2,
  COUPON = 3,
  /** Needs a shipping address. */
  PHYSICAL = 4,
}

export type AwardTypeName = keyof typeof AwardType;

// Explicit tables rather than the enum's reverse mapping, which would also accept "1" or "toString".
const BY_NAME: Readonly<Record<AwardTypeName, AwardType>> = {
  DESC: AwardType.DESC,
  REDEEM_CODE: AwardType.REDEEM_CODE,
  COUPON: AwardType.COUPON,
  PHYSICAL: AwardType.PHYSICAL,
};
const NAMES: Readonly<Record<AwardType, AwardTypeName>> = {
  [AwardType.DESC]: "DESC",
  [AwardType.REDEEM_CODE]: "REDEEM_CODE",
  [AwardType.COUPON]: "COUPON",
  [AwardType.PHYSICAL]: "PHYSICAL",
};

/** The type for its REST name ("DESC" | "REDEEM_CODE" | "COUPON" | "PHYSICAL"), or undefined. */
export function awardTypeFromName(name: string): AwardType | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name as AwardTypeName] : undefined;
}

export function awardTypeName(type: AwardType): AwardTypeName {
  return NAMES[type];
}

/** For values read back from storage or a message. */
export function isAwardType(value: unknown): value is AwardType {
  return typeof value === "number" && Object.hasOwn(NAMES, value);
}
