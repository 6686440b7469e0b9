/** How a strategy draws (DOMAIN.md, "Strategy and draw"). The numbers are persisted: never renumber. */
export enum StrategyMode {
  /** Each award has its own probability; the rest is a loss; an award out of stock is a loss. */
  SINGLE = 1,
  /** Probabilities renormalised over the awards in stock; always a win while any has stock. */
  ENTIRETY = 2,
}

export type StrategyModeName = keyof typeof StrategyMode;

// Explicit tables rather than the enum's reverse mapping, which would also accept "1" or "toString".
const BY_NAME: Readonly<Record<StrategyModeName, StrategyMode>> = { SINGLE: StrategyMode.SINGLE, ENTIRETY: StrategyMode.ENTIRETY };
const NAMES: Readonly<Record<StrategyMode, StrategyModeName>> = { [StrategyMode.SINGLE]: "SINGLE", [StrategyMode.ENTIRETY]: "ENTIRETY" };

/** The mode for its REST name ("SINGLE" | "ENTIRETY"), or undefined for any other text. */
export function strategyModeFromName(name: string): StrategyMode | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name as StrategyModeName] : undefined;
}

export function strategyModeName(mode: StrategyMode): StrategyModeName {
  return NAMES[mode];
}

/** For values read back from storage or a message. */
export function isStrategyMode(value: unknown): value is StrategyMode {
  return typeof value === "number" && Object.hasOwn(NAMES, value);
}
