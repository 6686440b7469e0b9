import { AwardType, awardTypeFromName, awardTypeName, isAwardType } from "../../../../src/domain/award/award-type";

describe("AwardType", () => {
  it("keeps the persisted numbers of DOMAIN.md", () => {
    expect([AwardType.DESC, AwardType.REDEEM_CODE, AwardType.COUPON, AwardType.PHYSICAL]).toEqual([1, 2, 3, 4]);
  });

  it("turns each REST name into its type and back", () => {
    for (const name of ["DESC", "REDEEM_CODE", "COUPON", "PHYSICAL"] as const) {
      const type = awardTypeFromName(name);
      expect(type).toBeDefined();
      expect(awardTypeName(type as AwardType)).toBe(name);
    }
  });

  it("refuses names that are not award types", () => {
    for (const name of ["desc", "3", "toString", "constructor", ""]) expect(awardTypeFromName(name)).toBeUndefined();
  });

  it("recognises stored values", () => {
    expect([0, 1, 4, 5, "2"].map(isAwardType)).toEqual([false, true, true, false, false]);
  });
});
