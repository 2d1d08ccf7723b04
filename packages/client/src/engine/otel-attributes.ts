import type { Attributes } from '@opentelemetry/api';
import type { CleanAttributes } from '@telemetryflow/application';

/**
 * Our cleaned attributes as OpenTelemetry's type. Same shape; ours only marks arrays readonly,
 * which OpenTelemetry honours in practice (it copies, never mutates, attribute values).
 */
export const toOtel = (attributes: CleanAttributes | undefined): Attributes | undefined =>
  attributes as Attributes | undefined;
