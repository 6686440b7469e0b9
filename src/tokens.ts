/** Service identifiers of the inversify container; symbols, so two names can never collide. */
export const TOKENS = {
  Config: Symbol.for("Config"),
  Logger: Symbol.for("Logger"),
  Prisma: Symbol.for("Prisma"),
  Redis: Symbol.for("Redis"),
  Kafka: Symbol.for("Kafka"),
  DependencyProbes: Symbol.for("DependencyProbes"),
  CheckReadinessUseCase: Symbol.for("CheckReadinessUseCase"),
  HttpRouters: Symbol.for("HttpRouters"),
  HttpServer: Symbol.for("HttpServer"),
  ProcessRuntime: Symbol.for("ProcessRuntime"),
} as const;
