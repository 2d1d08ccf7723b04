import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { tap } from 'rxjs';
import type { Observable } from 'rxjs';
import type { HttpInstallation } from './http-installation.js';

/**
 * A global interceptor showing the errors of handlers (and of the pipes before them) to the span of
 * their request, then passing them on unchanged: Nest's exception filters answer them, so they never
 * reach Express's error middleware or Fastify's `onError`. Errors thrown by guards and Nest
 * middleware, which run before interceptors, are seen only through the status sent.
 */
export class TelemetryErrorInterceptor implements NestInterceptor {
  readonly #installation: HttpInstallation;

  constructor(installation: HttpInstallation) {
    this.#installation = installation;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handled = next.handle();
    if (context.getType() !== 'http' || !this.#installation.installed) return handled;
    const request: unknown = context.switchToHttp().getRequest();
    return handled.pipe(tap({ error: (error: unknown) => this.#installation.recordError(request, error) }));
  }
}
