import { Container } from "inversify";
import { activityModule } from "./composition/activity.module";
import { campaignModule } from "./composition/campaign.module";
import { compensationModule } from "./composition/compensation.module";
import { deliveryModule } from "./composition/delivery.module";
import { drawModule } from "./composition/draw.module";
import { operatorModule } from "./composition/operator.module";
import { platformModule } from "./composition/platform.module";
import { redeemCodeModule } from "./composition/redeem-code.module";
import { rolesModule } from "./composition/roles.module";
import type { AppConfig } from "./config/config";
import type { Logger } from "./infrastructure/logging/logger";

/**
 * The composition root: one container of every slice's module (src/composition/*.module.ts).
 * Bindings are lazy, so a process builds only what its role's parts need (roles.module.ts).
 */
export function buildContainer(config: AppConfig, log: Logger): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.loadSync(
    platformModule(config, log),
    activityModule(config, log),
    drawModule(config, log),
    deliveryModule(config, log),
    compensationModule(config, log),
    campaignModule(config, log),
    redeemCodeModule(config),
    operatorModule(config, log),
    rolesModule(config, log),
  );
  return container;
}
