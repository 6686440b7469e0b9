import type { DeadLetterEntry, DeadLetterLog, RecordedDeadLetter } from "../../../src/application/ports/dead-letter-log.port";
import type { DeadLetterPublisher, RawInvoice } from "../../../src/application/ports/dead-letter-publisher.port";
import type { TransactionScope, UnitOfWork } from "../../../src/application/ports/unit-of-work.port";
import {
  DrawOrder,
  GRANT_TRANSITIONS,
  SEND_TRANSITIONS,
  type DrawOrderProps,
  type OrderDelivery,
  type ShippingAddress,
} from "../../../src/domain/award/draw-order.entity";
import type { DrawOrderRepository } from "../../../src/domain/award/draw-order.repository";
import type { CompensationTask, CompensationTaskRepository, NewCompensationTask } from "../../../src/domain/compensation/compensation-task.repository";
import { fakeAwardPorts, type FakeAwardPorts } from "./award-ports";
import { OutageSwitch } from "./outage-switch";

/**
 * Orders, deliveries, compensation tasks and dead letters in memory, with a unit of work whose
 * transaction commits all of a grant or nothing (a copy is taken at begin and put back on throw).
 * `events` lists what became durable and what was published, in order.
 */
export class InMemoryGrantStore implements UnitOfWork {
  orders = new Map<bigint, DrawOrderProps>();
  deliveries = new Map<bigint, OrderDelivery>();
  tasks: NewCompensationTask[] = [];
  deadLetters: (RecordedDeadLetter & { sent: boolean })[] = [];
  readonly events: string[] = [];
  readonly ports: FakeAwardPorts = fakeAwardPorts();
  /** Makes the next `n` transactions fail as an outage would, after their work ran. */
  failNextCommits = 0;
  /** PostgreSQL away: a transaction does not even begin. */
  readonly outage = new OutageSwitch();

  add(order: DrawOrder): void {
    this.orders.set(order.orderId, order.toProps());
    if (order.delivery) this.deliveries.set(order.orderId, order.delivery);
  }

  async run<T>(work: (tx: TransactionScope) => Promise<T>): Promise<T> {
    this.outage.check();
    const restoreShipments = this.ports.shipments.snapshot();
    const snapshot = { orders: new Map([...this.orders].map(([id, o]) => [id, { ...o }])), deliveries: new Map(this.deliveries), tasks: [...this.tasks], deadLetters: this.deadLetters.map((d) => ({ ...d })) };
    const pending: string[] = [];
    try {
      // Only what a grant uses: the fakes implement those methods and no others.
      const orders = new Repo(this, pending) as unknown as DrawOrderRepository;
      const compensation = new Tasks(this, pending) as unknown as CompensationTaskRepository;
      const result = await work({ orders, ports: this.ports, compensation, deadLetters: new Letters(this, pending) });
      if (this.failNextCommits > 0) {
        this.failNextCommits -= 1;
        throw new Error("Connection terminated unexpectedly");
      }
      this.events.push(...pending);
      return result;
    } catch (error) {
      Object.assign(this, snapshot);
      restoreShipments();
      throw error;
    }
  }

  /**
   * The orders as read outside any grant transaction (the compensation handler reads an order,
   * then grants it through `run`). Only reads: every write of a grant goes through `run`.
   */
  orderReader(): DrawOrderRepository {
    const restore = (id: bigint) => {
      const props = this.orders.get(id);
      return props ? DrawOrder.restore({ ...props }, this.deliveries.get(id) ?? null) : null;
    };
    const outsideGrant = async (): Promise<never> => {
      throw new Error("the grant store writes orders only inside run()");
    };
    return {
      findOrder: async (id) => restore(id),
      findDelivery: async (id) => this.deliveries.get(id) ?? null,
      listByUser: async (uId) => {
        const items = [...this.orders.keys()].map(restore).filter((o): o is DrawOrder => o !== null && o.uId === uId);
        return { items, total: items.length };
      },
      markSent: outsideGrant,
      markSendFailed: outsideGrant,
      markGrantFailed: outsideGrant,
      save: outsideGrant,
      lockForGrant: outsideGrant,
      saveShippingAddress: outsideGrant,
    };
  }

  log(): DeadLetterLog {
    return new Letters(this, this.events);
  }

  publisher(): DeadLetterPublisher & { sent: { letter: RecordedDeadLetter; message: RawInvoice }[] } {
    const sent: { letter: RecordedDeadLetter; message: RawInvoice }[] = [];
    return {
      sent,
      publish: async (letters) => {
        for (const l of letters) {
          sent.push(l);
          this.events.push(`published dead letter ${l.letter.source.partition}:${l.letter.source.offset}`);
        }
      },
    };
  }
}

class Repo implements Partial<DrawOrderRepository> {
  constructor(
    private readonly store: InMemoryGrantStore,
    private readonly pending: string[],
  ) {}

  async lockForGrant(orderIds: readonly bigint[]): Promise<Map<bigint, DrawOrder>> {
    const found = new Map<bigint, DrawOrder>();
    for (const id of orderIds) {
      const props = this.store.orders.get(id);
      if (props) found.set(id, DrawOrder.restore({ ...props }, this.store.deliveries.get(id) ?? null));
    }
    return found;
  }

  async saveShippingAddress(orderId: bigint, address: ShippingAddress): Promise<void> {
    const stored = this.store.orders.get(orderId);
    if (!stored) return;
    stored.shippingAddress = structuredClone(address);
    this.pending.push(`address ${orderId}`);
  }

  async save(orders: readonly DrawOrder[]): Promise<bigint[]> {
    const missed: bigint[] = [];
    for (const order of orders) {
      for (const change of order.pullChanges()) {
        const stored = this.store.orders.get(change.orderId)!;
        const current = change.column === "mq_state" ? stored.mqState : stored.grantState;
        const rule = change.column === "mq_state" ? SEND_TRANSITIONS[change.transition as keyof typeof SEND_TRANSITIONS] : GRANT_TRANSITIONS[change.transition as keyof typeof GRANT_TRANSITIONS];
        if (!(rule.from as readonly number[]).includes(current)) {
          missed.push(change.orderId);
          continue;
        }
        if (change.column === "mq_state") stored.mqState = change.to;
        else stored.grantState = change.to;
        if (change.column === "grant_state" && change.delivery) {
          this.store.deliveries.set(change.orderId, { deliveryRef: change.delivery.deliveryRef, deliveredAt: change.delivery.delivered ? new Date() : null });
        }
        // As the adapter: the waiting delivery is delivered when its address comes.
        const waiting = this.store.deliveries.get(change.orderId);
        if (change.transition === "ADDRESS_PROVIDED" && waiting && waiting.deliveredAt === null) this.store.deliveries.set(change.orderId, { ...waiting, deliveredAt: new Date() });
        this.pending.push(`${change.transition} ${change.orderId}`);
      }
    }
    return missed;
  }
}

class Tasks implements Partial<CompensationTaskRepository> {
  constructor(
    private readonly store: InMemoryGrantStore,
    private readonly pending: string[],
  ) {}
  async recordMany(tasks: readonly NewCompensationTask[]): Promise<void> {
    for (const task of tasks) {
      this.store.tasks.push(task);
      this.pending.push(`task ${task.bizType} ${task.bizId}`);
    }
  }
  async claimDue(): Promise<CompensationTask[]> {
    return [];
  }
}

class Letters implements DeadLetterLog {
  constructor(
    private readonly store: InMemoryGrantStore,
    private readonly pending: string[],
  ) {}
  async record(entries: readonly DeadLetterEntry[]): Promise<RecordedDeadLetter[]> {
    for (const entry of entries) {
      const exists = this.store.deadLetters.some((d) => key(d.source) === key(entry.source));
      if (exists) continue;
      this.store.deadLetters.push({ ...entry, id: BigInt(this.store.deadLetters.length + 1), sent: false });
      this.pending.push(`dead letter recorded ${entry.source.partition}:${entry.source.offset}`);
    }
    const keys = new Set(entries.map((e) => key(e.source)));
    return this.store.deadLetters.filter((d) => !d.sent && keys.has(key(d.source))).map(({ sent: _sent, ...letter }) => letter);
  }
  async markSent(ids: readonly bigint[]): Promise<void> {
    for (const letter of this.store.deadLetters) if (ids.includes(letter.id)) letter.sent = true;
  }
}

function key(source: { topic: string; partition: number; offset: string }): string {
  return `${source.topic}:${source.partition}:${source.offset}`;
}
