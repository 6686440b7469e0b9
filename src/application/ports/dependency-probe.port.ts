/** The external services the process cannot work without, named as operators know them. */
export type DependencyName = "postgres" | "redis" | "kafka";

/** Answers whether one dependency is usable right now; throws with the reason when it is not. */
export interface DependencyProbe {
  readonly name: DependencyName;
  check(): Promise<void>;
}
