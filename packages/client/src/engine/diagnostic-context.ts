import { context, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

const REPORTING_DIAGNOSTIC = createContextKey('@telemetryflow/client reporting a diagnostic');

/**
 * Runs `fn` (a diagnostics handler, or the process-warning print) in the active context marked as
 * the SDK reporting a diagnostic. The mark follows async context (Node emits process warnings on the
 * next tick, still inside it), so a log bridge can tell the SDK's own diagnostics, logged back
 * into the app's logger, from the app's logs and not send them again.
 */
export const whileReportingDiagnostic = (fn: () => void): void => {
  context.with(context.active().setValue(REPORTING_DIAGNOSTIC, true), fn);
};

/** `ctx` was captured while the SDK reported a diagnostic. */
export const isDiagnosticContext = (ctx: Context): boolean => ctx.getValue(REPORTING_DIAGNOSTIC) === true;
