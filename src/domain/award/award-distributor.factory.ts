import type { AwardDistributor } from "./award-distributor";
import { awardTypeName, type AwardType } from "./award-type";

/** The distributor of each award type, given by the composition root (no static registry). */
export class AwardDistributorFactory {
  private readonly byType: ReadonlyMap<AwardType, AwardDistributor>;

  constructor(distributors: readonly AwardDistributor[]) {
    this.byType = new Map(distributors.map((distributor) => [distributor.awardType, distributor]));
  }

  distributorFor(type: AwardType): AwardDistributor | undefined {
    return this.byType.get(type);
  }

  /** Award types without a distributor; the container checks this is empty at start. */
  missing(types: readonly AwardType[]): string[] {
    return types.filter((type) => !this.byType.has(type)).map(awardTypeName);
  }
}
