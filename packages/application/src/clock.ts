// Read once: `performance.timeOrigin` is a getter, and this runs on every recording call.
const TIME_ORIGIN = performance.timeOrigin;

/**
 * Epoch milliseconds with sub-millisecond precision, on the same clock OpenTelemetry uses for
 * spans (`performance.timeOrigin + performance.now()`), so command timestamps can be handed to it.
 */
export const now = (): number => TIME_ORIGIN + performance.now();
