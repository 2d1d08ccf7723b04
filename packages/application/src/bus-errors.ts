import { TelemetryFlowError } from '@telemetryflow/domain';

/** A command or query was dispatched that no handler was registered for. */
export class NoHandlerError extends TelemetryFlowError {
  override readonly name = 'NoHandlerError';

  constructor(kind: string, type: string) {
    super(`No handler registered for ${kind} '${type}'`, { code: 'TF_NO_HANDLER' });
  }
}

/** A second handler was registered for the same command or query type. */
export class HandlerAlreadyRegisteredError extends TelemetryFlowError {
  override readonly name = 'HandlerAlreadyRegisteredError';

  constructor(kind: string, type: string) {
    super(`A handler is already registered for ${kind} '${type}'`, {
      code: 'TF_HANDLER_ALREADY_REGISTERED',
    });
  }
}
