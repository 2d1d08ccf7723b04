import { vi } from 'vitest';

/**
 * Makes the transport packages look uninstalled. Under `pnpm exec`, NODE_PATH points at pnpm's
 * hoisted modules, where the workspace's transports are found from anywhere; real applications
 * see only what they installed.
 */
vi.mock(import('../../src/transport-resolution.js'), async (importOriginal) => {
  const original = await importOriginal();
  const missing = (name: string): never => {
    throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
  };
  return {
    ...original,
    resolveTransportFactory: (protocol: Parameters<typeof original.resolveTransportFactory>[0]) =>
      original.resolveTransportFactory(protocol, missing),
  };
});
