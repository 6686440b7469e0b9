import type { DrawAlgorithm } from "./draw-algorithm";
import { EntiretyRateAlgorithm } from "./entirety-rate.algorithm";
import { SingleRateAlgorithm } from "./single-rate.algorithm";
import { StrategyMode } from "./strategy-mode";

// One instance per mode, so each algorithm's table cache is shared by every draw.
const ALGORITHMS: Readonly<Record<StrategyMode, DrawAlgorithm>> = {
  [StrategyMode.SINGLE]: new SingleRateAlgorithm(),
  [StrategyMode.ENTIRETY]: new EntiretyRateAlgorithm(),
};

export function drawAlgorithmFor(mode: StrategyMode): DrawAlgorithm {
  const algorithm = ALGORITHMS[mode];
  if (!algorithm) throw new RangeError(`no draw algorithm for strategy mode ${mode}`);
  return algorithm;
}
