import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Fails the running test when a promise rejection goes unhandled or a process warning names
 * the secret: the transport must never do either to the application.
 */
export const guardProcess = (): { readonly warnings: string[] } => {
  const rejections: unknown[] = [];
  const warnings: string[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  const onWarning = (warning: Error): void => {
    warnings.push(`${warning.name}: ${warning.message}`);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('warning', onWarning);
  });
  afterEach(() => {
    const found = rejections.splice(0);
    if (found.length > 0) throw new Error(`unhandled rejection(s): ${found.map(String).join('; ')}`);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  });
  return { warnings };
};
