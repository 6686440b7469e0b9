import type { AwardType } from "./award-type";

/** grant_state and mq_state of an order (DOMAIN.md). The numbers are persisted: never renumber. */
export enum OrderProgress {
  INIT = 0,
  COMPLETE = 1,
  FAIL = 2,
}

export type ShippingAddress = Record<string, unknown>;

export interface DrawOrderProps {
  orderId: bigint;
  uId: string;
  activityId: number;
  strategyId: number;
  strategyMode: number;
  grantType: number;
  awardId: string;
  awardType: AwardType;
  awardName: string;
  awardContent: string;
  /** The take this win consumed; unique, so one take can never yield two orders. */
  takeId: bigint;
  shippingAddress: ShippingAddress | null;
  grantState: OrderProgress;
  mqState: OrderProgress;
  createdAt: Date;
}

/** A won prize, written with the take it consumes; the row is the outbox of its invoice. */
export class DrawOrder {
  private constructor(private readonly props: DrawOrderProps) {}

  static win(props: Omit<DrawOrderProps, "grantState" | "mqState" | "createdAt">, now: Date): DrawOrder {
    return new DrawOrder({ ...props, grantState: OrderProgress.INIT, mqState: OrderProgress.INIT, createdAt: now });
  }

  static restore(props: DrawOrderProps): DrawOrder {
    return new DrawOrder({ ...props });
  }

  get orderId(): bigint {
    return this.props.orderId;
  }
  get takeId(): bigint {
    return this.props.takeId;
  }

  toProps(): DrawOrderProps {
    return { ...this.props };
  }
}
