import { UsageError } from "./cli-errors";

/** A command's arguments with its flags taken out one by one; what is left must be expected. */
export class CliArgs {
  private readonly rest: string[];

  constructor(
    private readonly command: string,
    args: readonly string[],
    private readonly usage: string,
  ) {
    this.rest = [...args];
  }

  /** Takes `--name` if present. */
  flag(name: string): boolean {
    const at = this.rest.indexOf(name);
    if (at < 0) return false;
    this.rest.splice(at, 1);
    return true;
  }

  /** Takes `--name value`, or undefined when absent. */
  option(name: string): string | undefined {
    const at = this.rest.indexOf(name);
    if (at < 0) return undefined;
    const value = this.rest[at + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${this.command}: ${name} needs a value (usage: ${this.usage})`);
    this.rest.splice(at, 2);
    return value;
  }

  positiveInteger(name: string): number | undefined {
    const text = this.option(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${this.command}: ${name} must be a positive integer (got "${text}")`);
    return value;
  }

  /** The positional arguments left, after checking that no unknown flag is among them and their count. */
  positionals(count: number): string[] {
    const unknown = this.rest.find((arg) => arg.startsWith("--"));
    if (unknown) throw new UsageError(`${this.command}: unexpected argument "${unknown}" (usage: ${this.usage})`);
    if (this.rest.length !== count) throw new UsageError(`${this.command}: expected ${count} argument(s), got ${this.rest.length} (usage: ${this.usage})`);
    return [...this.rest];
  }
}

/** Pretty JSON on stdout, the one format of `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
