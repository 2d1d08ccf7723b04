import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Fails the running test when the process sees an unhandled rejection or an uncaught exception:
 * whatever the collector does, the SDK must never do either to the application.
 */
export const guardProcess = (): void => {
  const faults: string[] = [];
  const onRejection = (reason: unknown): void => {
    faults.push(`unhandledRejection: ${String(reason)}`);
  };
  const onException = (error: Error): void => {
    faults.push(`uncaughtException: ${error.stack ?? String(error)}`);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  afterEach(() => {
    const found = faults.splice(0);
    if (found.length > 0) throw new Error(`the process saw: ${found.join('\n')}`);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });
};
