import type { MiddlewareClient } from '@telemetryflow/middleware-core';
import { expressErrorHandler } from './express-error-handler.js';
import { expressMiddleware } from './express-middleware.js';
import type {
  ExpressAppLike,
  ExpressErrorHandler,
  ExpressHandler,
  ExpressTelemetryOptions,
} from './express-types.js';

/**
 * The Flask-style form of `expressMiddleware`: give it the app now or call `initApp(app)` later.
 * `initApp` mounts the middleware, so call it before defining routes; mount `errorHandler` after
 * them to see thrown errors as exception events.
 *
 * @example
 * ```ts
 * const telemetry = new ExpressTelemetryMiddleware(client, app, { excludedPaths: ['/health'] });
 * app.get('/orders/:id', getOrder);
 * app.use(telemetry.errorHandler);
 * ```
 */
export class ExpressTelemetryMiddleware {
  readonly #handler: ExpressHandler;
  readonly #errorHandler: ExpressErrorHandler = expressErrorHandler();

  constructor(client: MiddlewareClient, app?: ExpressAppLike, options: ExpressTelemetryOptions = {}) {
    this.#handler = expressMiddleware(client, options);
    if (app !== undefined) this.initApp(app);
  }

  /** Mounts the middleware on `app` (before the routes defined after this call). */
  initApp(app: ExpressAppLike): this {
    app.use(this.#handler);
    return this;
  }

  /** The middleware itself, to mount yourself (`app.use(telemetry.handler)`). */
  get handler(): ExpressHandler {
    return this.#handler;
  }

  /** The error middleware (see `expressErrorHandler`); mount it after your routes. */
  get errorHandler(): ExpressErrorHandler {
    return this.#errorHandler;
  }
}
