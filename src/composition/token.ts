import type { Container, ContainerModuleLoadOptions } from "inversify";

/**
 * A service identifier that carries the type of what it names. inversify's own identifiers are
 * untyped symbols; with this brand `provide` checks a factory's parameters against the tokens
 * it asks for, and `container.get(token)` returns the right type without a cast.
 */
export type Token<T> = symbol & { readonly __provides?: T };

export function token<T>(name: string): Token<T> {
  return Symbol.for(`lottery.${name}`) as Token<T>;
}

/** The tokens of a factory's parameters, in order. */
export type Tokens<D extends readonly unknown[]> = { readonly [K in keyof D]: Token<D[K]> };

/**
 * Binds `id` to the one object `build` makes from the resolved `deps`, built on first use and
 * shared (singleton). The one way modules bind: no binding reaches into the container itself.
 */
export function provide<T, D extends readonly unknown[]>(
  options: ContainerModuleLoadOptions,
  id: Token<T>,
  deps: Tokens<D>,
  build: (...deps: D) => T,
): void {
  // The casts only erase the brand: `Tokens<D>` already ties each token to its parameter.
  options
    .bind<T>(id)
    .toResolvedValue(build as unknown as (...args: unknown[]) => T, deps as unknown as symbol[])
    .inSingletonScope();
}

/** Binds `id` to a value that exists before the container (configuration, the logger). */
export function provideValue<T>(options: ContainerModuleLoadOptions, id: Token<T>, value: T): void {
  options.bind<T>(id).toConstantValue(value);
}

/** The object bound to `id`, typed by the token. */
export function resolve<T>(container: Container, id: Token<T>): T {
  return container.get<T>(id);
}

/** Calls `seen` with the object bound to `id` once it is built (the CLI closes what a command opened). */
export function onBuilt<T>(container: Container, id: Token<T>, seen: (value: T) => void): void {
  container.onActivation<T>(id, (_context, value) => {
    seen(value);
    return value;
  });
}
