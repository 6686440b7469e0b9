import { AwardType } from "../../src/domain/award/award-type";
import { GrantType, Strategy, type AwardLineProps, type StrategyProps } from "../../src/domain/strategy/strategy.entity";
import { StrategyMode } from "../../src/domain/strategy/strategy-mode";

/** Strategies for tests. The reference one is DOMAIN.md's strategy 10001. */
export const StrategyMother = {
  referenceProps(): StrategyProps {
    return {
      strategyId: 10001,
      mode: StrategyMode.ENTIRETY,
      grantType: GrantType.IMMEDIATE,
      awards: [
        award("1", "IMac", 10, "0.05"),
        award("2", "iphone", 20, "0.15"),
        award("3", "ipad", 50, "0.20"),
        award("4", "AirPods", 100, "0.25"),
        award("5", "Book", 500, "0.35"),
      ],
    };
  },

  /** Props with one award line per rate, ids "1", "2", ... */
  withRates(mode: StrategyMode, rates: readonly string[]): StrategyProps {
    return { ...this.referenceProps(), mode, awards: rates.map((rate, i) => award(String(i + 1), `Prize ${i + 1}`, 100, rate)) };
  },

  reference(): Strategy {
    return created(this.referenceProps());
  },
};

function award(awardId: string, name: string, count: number, rate: string): AwardLineProps {
  return { awardId, type: AwardType.DESC, name, content: `${name} for you`, count, rate };
}

function created(props: StrategyProps): Strategy {
  const result = Strategy.create(props);
  if (!result.ok) throw new Error(`StrategyMother built an invalid strategy: ${result.error.message}`);
  return result.value;
}
