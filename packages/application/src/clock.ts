/**
 * Epoch milliseconds with sub-millisecond precision, on the same clock OpenTelemetry uses for
 * spans (`performance.timeOrigin + performance.now()`), so command timestamps can be handed to it.
 */
export const now = (): number => performance.timeOrigin + performance.now();
