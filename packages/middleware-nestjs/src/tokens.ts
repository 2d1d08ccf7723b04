import { Inject } from '@nestjs/common';

/**
 * The injection token of the module's `TelemetryFlowClient`. A string, so it is the same token
 * whichever build of this package (ESM or CJS) a module imports.
 */
export const TELEMETRYFLOW_CLIENT = '@telemetryflow/middleware-nestjs:client';

/** The module's options (as given to `forRoot`, or made by the `forRootAsync` factory). */
export const TELEMETRYFLOW_MODULE_OPTIONS = '@telemetryflow/middleware-nestjs:options';

/**
 * Injects the module's `TelemetryFlowClient`: `@Inject(TELEMETRYFLOW_CLIENT)`.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OrdersService {
 *   constructor(@InjectTelemetryFlow() private readonly telemetry: TelemetryFlowClient) {}
 *
 *   place(order: Order) {
 *     this.telemetry.incrementCounter('orders.placed', 1, { region: order.region });
 *   }
 * }
 * ```
 */
export const InjectTelemetryFlow = (): PropertyDecorator & ParameterDecorator => Inject(TELEMETRYFLOW_CLIENT);
