import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

let attempted = false;
/** The manager registered below, while it is OpenTelemetry's global one. */
let registered: ClientContextManager | undefined;

/** OpenTelemetry's AsyncLocalStorage context manager that knows when it stops being the global one. */
class ClientContextManager extends AsyncLocalStorageContextManager {
  // `context.disable()` (the only way to replace a global context manager) disables it first.
  override disable(): this {
    if (registered === this) registered = undefined;
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
 * while it is the global one: the API's lookup of the global and check of its version on every
 * call cost about 3 % of a metric call (issue #22), and every recording reads the context.
 */
export const activeContext = (): Context =>
  registered === undefined ? context.active() : registered.active();
