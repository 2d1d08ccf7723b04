import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';

let attempted = false;
/** The manager registered below, while it is OpenTelemetry's global one. */
let registered: ClientContextManager | undefined;

/**
 * Whether this Node's AsyncLocalStorage is the one built on async_hooks (Node 20 and 22; later
 * ones with `--no-async-context-frame`), told by the symbol each of its instances keys its store
 * with. While one is enabled, async_hooks gives every execution its own id, promise continuations
 * included, and a store changes within an execution only through `run()` or `enterWith()`. The
 * AsyncContextFrame one (Node 24's default) runs continuations of different contexts under one id
 * (often 0), so there nothing is remembered.
 */
export const idsFollowContexts =
  typeof (new AsyncLocalStorage() as { kResourceStore?: unknown }).kResourceStore === 'symbol';

/**
 * OpenTelemetry's AsyncLocalStorage context manager that knows when it stops being the global one,
 * and remembers the context it last read for the rest of the execution it read it in.
 */
export class ClientContextManager extends AsyncLocalStorageContextManager {
  /** Whether a context was ever set: until then every execution's is the root one. */
  #entered = false;
  /** The async execution `#read` was read in; 0 for none (0 is also no execution's own id). */
  #readIn = 0;
  #read: Context = ROOT_CONTEXT;

  /**
   * `active()`, remembered for the current execution: every recording reads the context (the
   * exemplar filter, a log record's span), and on Node 20 a read of AsyncLocalStorage costs about
   * 35 ns, 4 % of a metric call (issue #22). Several calls in one callback read it once.
   */
  current(): Context {
    // A service that makes no span (metrics and logs only) never sets one; nor has AsyncLocalStorage
    // then enabled async_hooks, so continuations run under id 0, where nothing would be remembered.
    if (!this.#entered) return ROOT_CONTEXT;
    if (!idsFollowContexts) return this.active();
    const id = executionAsyncId();
    if (id === this.#readIn && id !== 0) return this.#read;
    const active = this.active();
    this.#readIn = id;
    this.#read = active;
    return active;
  }

  // Every way the store changes within an execution goes through the three methods below (`bind()`
  // and the event emitters' listeners call `with()`); each forgets what was read, before and after.

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.#entered = true;
    this.#readIn = 0;
    try {
      return super.with(ctx, fn, thisArg, ...args);
    } finally {
      this.#readIn = 0;
    }
  }

  override attach(ctx: Context): { dispose(): void } {
    this.#entered = true;
    this.#readIn = 0;
    const token = super.attach(ctx);
    return {
      dispose: () => {
        token.dispose();
        this.#readIn = 0;
      },
    };
  }

  // `context.disable()` (the only way to replace a global context manager) disables it first.
  override disable(): this {
    if (registered === this) registered = undefined;
    this.#readIn = 0;
    return super.disable();
  }
}

/**
 * Makes OpenTelemetry's active context follow async calls, so spans and logs made inside
 * `span()` callbacks become children. Registers an AsyncLocalStorage context manager unless the
 * application already registered one (then that one is used). Providers stay per client.
 */
export const ensureContextManager = (): void => {
  if (attempted) return;
  attempted = true;
  const manager = new ClientContextManager();
  manager.enable();
  if (context.setGlobalContextManager(manager)) registered = manager;
  else manager.disable();
};

/**
 * `context.active()`, read straight from the manager registered by {@link ensureContextManager}
 * while it is the global one (the API's lookup of the global and check of its version on every
 * call cost about 3 % of a metric call, issue #22), and remembered for the rest of the execution.
 */
export const activeContext = (): Context =>
  registered === undefined ? context.active() : registered.current();
