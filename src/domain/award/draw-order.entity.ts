import { DomainError } from "../../shared/domain-error";
import { err, ok, type Result } from "../../shared/result";
import type { AwardType } from "./award-type";

/** mq_state of an order (DOMAIN.md). The numbers are persisted: never renumber. */
export enum OrderProgress {
  INIT = 0,
  COMPLETE = 1,
  FAIL = 2,
}

/**
 * grant_state of an order: DOMAIN.md's three, and AWAITING_ADDRESS for a PHYSICAL prize won
 * without an address (its shipment exists, nothing is delivered until the address comes).
 * The numbers are persisted: never renumber.
 */
export enum GrantState {
  INIT = 0,
  COMPLETE = 1,
  FAIL = 2,
  AWAITING_ADDRESS = 3,
}

export type ShippingAddress = Record<string, unknown>;

/** A rule of the lifecycle: the states a move may start from, and where it ends. */
export interface TransitionRule<S extends number> {
  readonly from: readonly S[];
  readonly to: S;
}

/** Moves of mq_state: the invoice reached the broker, or its send failed. COMPLETE never goes back to FAIL. */
export const SEND_TRANSITIONS = {
  SENT: { from: [OrderProgress.INIT, OrderProgress.FAIL], to: OrderProgress.COMPLETE },
  SEND_FAILED: { from: [OrderProgress.INIT], to: OrderProgress.FAIL },
} as const satisfies Record<string, TransitionRule<OrderProgress>>;

/**
 * Moves of grant_state. A grant that ran out of attempts (FAIL) may still be granted later (by
 * compensation); a granted order never changes again; a waiting shipment is completed only by
 * its address, never failed.
 */
export const GRANT_TRANSITIONS = {
  GRANTED: { from: [GrantState.INIT, GrantState.FAIL], to: GrantState.COMPLETE },
  AWAITING_ADDRESS: { from: [GrantState.INIT, GrantState.FAIL], to: GrantState.AWAITING_ADDRESS },
  ADDRESS_PROVIDED: { from: [GrantState.AWAITING_ADDRESS], to: GrantState.COMPLETE },
  GRANT_FAILED: { from: [GrantState.INIT, GrantState.FAIL], to: GrantState.FAIL },
} as const satisfies Record<string, TransitionRule<GrantState>>;

export type SendTransition = keyof typeof SEND_TRANSITIONS;
export type GrantTransition = keyof typeof GRANT_TRANSITIONS;

/** The effect of a grant, written once per order (award_delivery). */
export interface NewDelivery {
  deliveryRef: string;
  detail: Record<string, unknown>;
  /** False while the grant waits (AWAITING_ADDRESS): the delivery has no time yet. */
  delivered: boolean;
}

/** The delivery an order has, as stored. */
export interface OrderDelivery {
  deliveryRef: string;
  /** Null while the grant waits for a shipping address. */
  deliveredAt: Date | null;
}

/** An accepted move, persisted as a compare-and-set on `from`: it lands only if nobody moved the order first. */
export type OrderStateChange =
  | { orderId: bigint; column: "mq_state"; transition: SendTransition; from: OrderProgress; to: OrderProgress }
  | { orderId: bigint; column: "grant_state"; transition: GrantTransition; from: GrantState; to: GrantState; delivery?: NewDelivery };

/** A move the lifecycle does not allow from the order's state; nothing changed. */
export class OrderTransitionRefused extends DomainError<"ORDER_TRANSITION_REFUSED"> {
  constructor(
    readonly orderId: bigint,
    readonly transition: SendTransition | GrantTransition,
    readonly state: string,
  ) {
    super("ORDER_TRANSITION_REFUSED", `order ${orderId}: ${transition} is not allowed from ${state}`);
  }
}

export type TransitionResult = Result<OrderStateChange, OrderTransitionRefused>;

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
  /** The take this win consumed; unique, so one take can never yield two orders. Null for a campaign grant. */
  takeId: bigint | null;
  /** The bulk grant campaign this order grants, or null for a won prize. */
  campaignId: number | null;
  shippingAddress: ShippingAddress | null;
  grantState: GrantState;
  mqState: OrderProgress;
  createdAt: Date;
}

/**
 * A won prize, written with the take it consumes; its row is the outbox of its invoice. The
 * aggregate owns the order's lifecycle: each move checks the state it starts from, changes the
 * order and records the change, which the repository persists as a compare-and-set.
 */
export class DrawOrder {
  private changes: OrderStateChange[] = [];

  private constructor(
    private readonly props: DrawOrderProps,
    private currentDelivery: OrderDelivery | null | undefined,
  ) {}

  static win(props: Omit<DrawOrderProps, "grantState" | "mqState" | "createdAt" | "campaignId" | "takeId"> & { takeId: bigint }, now: Date): DrawOrder {
    return new DrawOrder({ ...props, campaignId: null, grantState: GrantState.INIT, mqState: OrderProgress.INIT, createdAt: now }, null);
  }

  /**
   * A grant of a bulk campaign: an order like a won prize, through the same outbox, consumer and
   * distributors, but of no activity (activity 0, strategy 0) and no take.
   */
  static campaignGrant(
    props: { orderId: bigint; uId: string; campaignId: number; awardId: string; awardType: AwardType; awardName: string; awardContent: string },
    now: Date,
  ): DrawOrder {
    return new DrawOrder(
      {
        ...props,
        activityId: 0,
        strategyId: 0,
        strategyMode: 0,
        grantType: 1,
        takeId: null,
        shippingAddress: null,
        grantState: GrantState.INIT,
        mqState: OrderProgress.INIT,
        createdAt: now,
      },
      null,
    );
  }

  /** `delivery`: the stored delivery (null for none), or undefined when it was not loaded. */
  static restore(props: DrawOrderProps, delivery?: OrderDelivery | null): DrawOrder {
    return new DrawOrder({ ...props }, delivery === undefined ? undefined : delivery && { ...delivery });
  }

  get orderId(): bigint {
    return this.props.orderId;
  }
  get takeId(): bigint | null {
    return this.props.takeId;
  }
  get campaignId(): number | null {
    return this.props.campaignId;
  }
  get uId(): string {
    return this.props.uId;
  }
  get strategyId(): number {
    return this.props.strategyId;
  }
  get awardId(): string {
    return this.props.awardId;
  }
  get awardType(): AwardType {
    return this.props.awardType;
  }
  get awardName(): string {
    return this.props.awardName;
  }
  get awardContent(): string {
    return this.props.awardContent;
  }
  get shippingAddress(): ShippingAddress | null {
    return this.props.shippingAddress;
  }
  get grantState(): GrantState {
    return this.props.grantState;
  }
  get mqState(): OrderProgress {
    return this.props.mqState;
  }
  /** The stored delivery; throws if the order was restored without it (a bug in the caller). */
  get delivery(): OrderDelivery | null {
    if (this.currentDelivery === undefined) throw new Error(`order ${this.orderId} was loaded without its delivery`);
    return this.currentDelivery;
  }

  /** The invoice reached the broker. */
  markSent(): TransitionResult {
    return this.moveSend("SENT");
  }

  /** The invoice send failed; the scanner will send it again. */
  markSendFailed(): TransitionResult {
    return this.moveSend("SEND_FAILED");
  }

  /** The prize was handed over: `delivery` is its one award_delivery row. */
  grant(delivery: Omit<NewDelivery, "delivered">): TransitionResult {
    return this.deliver("GRANTED", { ...delivery, delivered: true });
  }

  /** A PHYSICAL prize without an address: its shipment waits, and nothing is delivered yet. */
  awaitAddress(delivery: Omit<NewDelivery, "delivered">): TransitionResult {
    return this.deliver("AWAITING_ADDRESS", { ...delivery, delivered: false });
  }

  /** The address of a waiting shipment came: the prize ships, the grant is complete. */
  addressProvided(): TransitionResult {
    const moved = this.moveGrant("ADDRESS_PROVIDED");
    if (moved.ok && this.currentDelivery) this.currentDelivery = { ...this.currentDelivery, deliveredAt: new Date() };
    return moved;
  }

  /** The grant failed for good this time; compensation grants it again later. */
  failGrant(): TransitionResult {
    return this.moveGrant("GRANT_FAILED");
  }

  /**
   * An earlier grant wrote this order's delivery but its state lagged behind (FAIL recorded after
   * that grant had in fact committed): the state the delivery says, or null when it already is.
   */
  settleWithDelivery(): TransitionResult | null {
    const delivery = this.delivery;
    if (!delivery) throw new Error(`order ${this.orderId} has no delivery to settle with`);
    const transition: GrantTransition = delivery.deliveredAt === null ? "AWAITING_ADDRESS" : "GRANTED";
    if (this.props.grantState === GRANT_TRANSITIONS[transition].to) return null;
    return this.moveGrant(transition);
  }

  /** The changes recorded since the last call, for the repository to persist. */
  pullChanges(): OrderStateChange[] {
    const pulled = this.changes;
    this.changes = [];
    return pulled;
  }

  toProps(): DrawOrderProps {
    return { ...this.props };
  }

  private deliver(transition: "GRANTED" | "AWAITING_ADDRESS", delivery: NewDelivery): TransitionResult {
    if (this.delivery) return err(new OrderTransitionRefused(this.orderId, transition, `${GrantState[this.grantState]} with a delivery already`));
    const moved = this.moveGrant(transition, delivery);
    if (moved.ok) this.currentDelivery = { deliveryRef: delivery.deliveryRef, deliveredAt: delivery.delivered ? new Date() : null };
    return moved;
  }

  private moveSend(transition: SendTransition): TransitionResult {
    const rule: TransitionRule<OrderProgress> = SEND_TRANSITIONS[transition];
    const from = this.props.mqState;
    if (!rule.from.includes(from)) return err(new OrderTransitionRefused(this.orderId, transition, `mq_state ${OrderProgress[from]}`));
    this.props.mqState = rule.to;
    return ok(this.record({ orderId: this.orderId, column: "mq_state", transition, from, to: rule.to }));
  }

  private moveGrant(transition: GrantTransition, delivery?: NewDelivery): TransitionResult {
    const rule: TransitionRule<GrantState> = GRANT_TRANSITIONS[transition];
    const from = this.props.grantState;
    if (!rule.from.includes(from)) return err(new OrderTransitionRefused(this.orderId, transition, GrantState[from]));
    this.props.grantState = rule.to;
    return ok(this.record({ orderId: this.orderId, column: "grant_state", transition, from, to: rule.to, ...(delivery ? { delivery } : {}) }));
  }

  private record(change: OrderStateChange): OrderStateChange {
    this.changes.push(change);
    return change;
  }
}
