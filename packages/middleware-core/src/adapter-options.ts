import type { Attributes } from '@telemetryflow/client';
import { createPathFilter } from './excluded-paths.js';
import { settingsOf } from './telemetry-options.js';
import type { HttpTelemetryOptions, TelemetrySettings } from './telemetry-options.js';

/** What a framework adapter derives once from the options it was given. */
export interface AdapterOptions<Request> {
  readonly settings: TelemetrySettings;
  /** `excludedPaths` as a predicate on a request path (see `createPathFilter`). */
  readonly isExcluded: (path: string) => boolean;
  /** `attributesFromRequest(request)`, guarded: a hook that throws adds nothing. */
  readonly extraAttributes: (request: Request) => Attributes | undefined;
}

/**
 * The options of a framework adapter, resolved when its middleware is created: the settings the
 * per-request code uses, the excluded-paths filter, and the `attributesFromRequest` hook made safe
 * to call (telemetry never breaks a request).
 *
 * @example
 * ```ts
 * export function myMiddleware(client: MiddlewareClient, options: HttpTelemetryOptions<MyRequest> = {}) {
 *   const { settings, isExcluded, extraAttributes } = adapterOptionsOf(options);
 *   // per request: if (!isExcluded(path)) new RequestTelemetry(client, settings, info).begin(extraAttributes(req), next);
 * }
 * ```
 */
export const adapterOptionsOf = <Request>(
  options: HttpTelemetryOptions<Request>,
): AdapterOptions<Request> => {
  const { excludedPaths = [], attributesFromRequest } = options;
  return {
    settings: settingsOf(options),
    isExcluded: createPathFilter(excludedPaths),
    extraAttributes(request) {
      try {
        return attributesFromRequest?.(request);
      } catch {
        return undefined;
      }
    },
  };
};
