import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

let attempted = false;

/**
 * Makes OpenTelemetry's active context follow async calls, so spans and logs made inside
 * `span()` callbacks become children. Registers an AsyncLocalStorage context manager unless the
 * application already registered one (then that one is used). Providers stay per client.
 */
export const ensureContextManager = (): void => {
  if (attempted) return;
  attempted = true;
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
};
