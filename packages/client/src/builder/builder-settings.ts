/** Grouped settings some `TelemetryFlowBuilder` methods take. */

/** Which signals to export; each defaults to `true`. */
export interface SignalSelection {
  readonly metrics?: boolean;
  readonly logs?: boolean;
  readonly traces?: boolean;
}

/** gRPC message size limits in bytes. */
export interface GrpcMessageSizes {
  readonly maxReceive?: number;
  readonly maxSend?: number;
}

/** Attribute limits (see `TelemetryConfigOptions.attributeCountLimit` / `attributeValueLengthLimit`). */
export interface AttributeLimits {
  /** Most attributes per span, span event, log record or metric recording. */
  readonly count?: number;
  /** Longest string attribute value, in characters. */
  readonly valueLength?: number;
}
