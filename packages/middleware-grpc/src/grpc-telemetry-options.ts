import type { Metadata } from '@grpc/grpc-js';
import type { TelemetryFlowClient } from '@telemetryflow/client';

/** The part of `TelemetryFlowClient` the interceptors use. */
export type GrpcTelemetryClient = Pick<
  TelemetryFlowClient,
  | 'isInitialized'
  | 'startSpan'
  | 'endSpan'
  | 'setSpanAttributes'
  | 'setSpanStatus'
  | 'withActiveSpan'
  | 'withTraceContext'
  | 'injectTraceContext'
  | 'recordHistogram'
>;

export interface GrpcTelemetryOptions {
  /**
   * Methods passed through without telemetry (no span, no metadata, no metrics), on both sides:
   * `package.Service/Method`, or `package.Service/*` for every method of a service
   * (`'grpc.health.v1.Health/*'`). Default none.
   */
  readonly ignoredMethods?: readonly string[];
  /**
   * Request metadata recorded on both spans as `rpc.grpc.request.metadata.<key>` (a string array),
   * keys compared lower-case. Default none. Never recorded, even when listed: `authorization`,
   * `proxy-authorization`, `cookie` and binary (`-bin`) keys.
   */
  readonly requestMetadata?: readonly string[];
}

/** Resolved options, as the interceptors use them. */
export interface GrpcTelemetrySettings {
  /** `true` for a method (`package.Service/Method`) to pass through untouched. */
  readonly isIgnored: (name: string) => boolean;
  /** The `rpc.grpc.request.metadata.*` attributes of a call's metadata. */
  readonly metadataAttributes: (metadata: Metadata) => Record<string, string[]>;
}

const NEVER_RECORDED: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

const noAttributes = (): Record<string, string[]> => ({});

/** The settings of the options, with their defaults. */
export const settingsOf = ({
  ignoredMethods = [],
  requestMetadata = [],
}: GrpcTelemetryOptions): GrpcTelemetrySettings => {
  const exact = new Set(ignoredMethods.filter((m) => !m.endsWith('/*')));
  const services = new Set(ignoredMethods.filter((m) => m.endsWith('/*')).map((m) => m.slice(0, -1)));
  const keys = [...new Set(requestMetadata.map((key) => key.toLowerCase()))].filter(
    (key) => !NEVER_RECORDED.has(key) && !key.endsWith('-bin'),
  );
  return {
    isIgnored: (name) =>
      exact.has(name) || (services.size > 0 && services.has(name.slice(0, name.lastIndexOf('/') + 1))),
    metadataAttributes:
      keys.length === 0
        ? noAttributes
        : (metadata) => {
            const attributes: Record<string, string[]> = {};
            for (const key of keys) {
              const values = metadata.get(key).filter((v): v is string => typeof v === 'string');
              if (values.length > 0) attributes[`rpc.grpc.request.metadata.${key}`] = values;
            }
            return attributes;
          },
  };
};
