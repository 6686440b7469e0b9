import type { AwardDistributor } from "./award-distributor";
import { AwardType, awardTypeName } from "./award-type";
import { CouponDistributor, type CouponPolicy } from "./distributors/coupon.distributor";
import { DescDistributor } from "./distributors/desc.distributor";
import { PhysicalDistributor } from "./distributors/physical.distributor";
import { RedeemCodeDistributor, type RedeemCodePolicy } from "./distributors/redeem-code.distributor";

/** The distributor of each award type, given by the composition root (no static registry). */
export class AwardDistributorFactory {
  private readonly byType: ReadonlyMap<AwardType, AwardDistributor>;

  constructor(distributors: readonly AwardDistributor[]) {
    this.byType = new Map(distributors.map((distributor) => [distributor.awardType, distributor]));
  }

  /** The four distributors of DOMAIN.md with their policies. */
  static standard(policies: { coupon: CouponPolicy; redeemCode: RedeemCodePolicy }): AwardDistributorFactory {
    const factory = new AwardDistributorFactory([
      new DescDistributor(),
      new RedeemCodeDistributor(policies.redeemCode),
      new CouponDistributor(policies.coupon),
      new PhysicalDistributor(),
    ]);
    const missing = factory.missing([AwardType.DESC, AwardType.REDEEM_CODE, AwardType.COUPON, AwardType.PHYSICAL]);
    if (missing.length > 0) throw new Error(`no distributor for award types ${missing.join(", ")}`);
    return factory;
  }

  distributorFor(type: AwardType): AwardDistributor | undefined {
    return this.byType.get(type);
  }

  /** Award types without a distributor. */
  missing(types: readonly AwardType[]): string[] {
    return types.filter((type) => !this.byType.has(type)).map(awardTypeName);
  }
}
