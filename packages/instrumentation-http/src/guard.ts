/**
 * A diagnostics_channel subscriber that never throws: Node rethrows a subscriber's error as an
 * uncaught exception on the next tick, which would take the application down for telemetry.
 */
export const guarded =
  (subscriber: (message: unknown) => void) =>
  (message: unknown): void => {
    try {
      subscriber(message);
    } catch {
      // Never break the application for telemetry.
    }
  };
