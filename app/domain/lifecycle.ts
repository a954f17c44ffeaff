import { DomainError } from "./errors";
import type { MessageKey } from "../i18n/i18n";

/**
 * A lifecycle is a table: for each state, the events it accepts and the state each leads to.
 * Every area keeps its ONE table in `<area>-states.ts`; its one writer asks `nextState` before it changes a row,
 * and pages ask `allowedEvents` (through their loaders) what may be done — they never restate a status list.
 */
export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export function nextState<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  from: S,
  event: E,
): S | undefined {
  return table[from][event];
}

/** Whether the table accepts the event in this state. */
export function allows<S extends string, E extends string>(table: TransitionTable<S, E>, state: S, event: E): boolean {
  return table[state][event] !== undefined;
}

/**
 * The events the table accepts in this state, in the table's order; with `actors`, only those the given side
 * may apply by hand.
 */
export function allowedEvents<S extends string, E extends string, A extends string>(
  table: TransitionTable<S, E>,
  state: S,
  actors?: { table: Record<E, readonly A[]>; side: A },
): E[] {
  const events = Object.keys(table[state]) as E[];
  return actors ? events.filter((event) => actors.table[event].includes(actors.side)) : events;
}

/**
 * Thrown by a lifecycle's writer: the event is not allowed in the row's current state, or the row changed
 * under the writer (HTTP 409). It is a DomainError, so every writer refuses with one error type.
 */
export class TransitionError extends DomainError {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly event: string,
    messageKey: MessageKey = "error.conflict",
  ) {
    super(messageKey, 409);
    this.message = `${entity}: event "${event}" is not allowed in state "${from}"`;
    this.name = "TransitionError";
  }
}
