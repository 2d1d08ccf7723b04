/** An attribute value as OTLP carries it: a primitive or a homogeneous array of primitives. */
export type AttributeValue =
  string | number | boolean | readonly string[] | readonly number[] | readonly boolean[];

/** Attributes as callers pass them; `undefined` values are allowed and dropped (as in OpenTelemetry). */
export type Attributes = Readonly<Record<string, AttributeValue | undefined>>;

/** Resource attributes the user can add (`withCustomAttribute`): primitives only. */
export type ResourceAttributeValue = string | number | boolean;
