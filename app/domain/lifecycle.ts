/**
 * A lifecycle is a table: for each state, the events it accepts and the state each leads to.
 * Every area keeps its ONE table in `<area>-states.ts`; its one writer asks `nextState` before it changes a row.
 */
export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export function nextState<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  from: S,
  event: E,
): S | undefined {
  return table[from][event];
}

/** Thrown by a lifecycle's writer: the event is not allowed in the row's current state (HTTP 409). */
export class TransitionError extends Error {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly event: string,
  ) {
    super(`${entity}: event "${event}" is not allowed in state "${from}"`);
    this.name = "TransitionError";
  }
}
