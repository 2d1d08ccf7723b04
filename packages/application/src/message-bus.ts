import { HandlerAlreadyRegisteredError, NoHandlerError } from './bus-errors.js';

/** Anything dispatched on a bus: a command or a query, told apart by its literal `type`. */
export interface Message {
  readonly type: string;
}

export interface Handler<TMessage, TResult> {
  handle(message: TMessage): TResult;
}

/** The message of `M` whose `type` is `K`. */
export type MessageOfType<M extends Message, K extends string> = Extract<M, { readonly type: K }>;

/**
 * A typed table from message type to handler. `R` ties each type to its handler's result;
 * dispatch costs one map lookup and one call.
 */
export class MessageBus<M extends Message, R extends Record<M['type'], unknown>> {
  readonly #kind: string;
  readonly #handlers = new Map<string, Handler<never, unknown>>();

  constructor(kind: string) {
    this.#kind = kind;
  }

  /** @throws {HandlerAlreadyRegisteredError} when `type` already has a handler. */
  register<K extends M['type']>(type: K, handler: Handler<MessageOfType<M, K>, R[K]>): this {
    if (this.#handlers.has(type)) throw new HandlerAlreadyRegisteredError(this.#kind, type);
    this.#handlers.set(type, handler);
    return this;
  }

  /** @throws {NoHandlerError} when no handler is registered for `message.type`. */
  dispatch<T extends M>(message: T): R[T['type']] {
    const handler = this.#handlers.get(message.type) as Handler<T, R[T['type']]> | undefined;
    if (handler === undefined) throw new NoHandlerError(this.#kind, message.type);
    return handler.handle(message);
  }
}
