import { describe, expect, it } from 'vitest';
import { adapterOptionsOf } from '../src/adapter-options.js';

describe('adapterOptionsOf', () => {
  it('resolves the settings with their defaults and the excluded-paths filter', () => {
    const { settings, isExcluded } = adapterOptionsOf({
      recordErrorCount: false,
      excludedPaths: ['/health'],
    });
    expect(settings).toMatchObject({
      recordRequestDuration: true,
      recordRequestCount: true,
      recordErrorCount: false,
    });
    expect([isExcluded('/health'), isExcluded('/users')]).toEqual([true, false]);
  });

  it('hands the request to attributesFromRequest', () => {
    const { extraAttributes } = adapterOptionsOf<{ tenant: string }>({
      attributesFromRequest: (request) => ({ 'tenant.id': request.tenant }),
    });
    expect(extraAttributes({ tenant: 'acme' })).toEqual({ 'tenant.id': 'acme' });
  });

  it('adds nothing when attributesFromRequest is absent or throws', () => {
    expect(adapterOptionsOf({}).extraAttributes({})).toBeUndefined();
    const throwing = adapterOptionsOf({
      attributesFromRequest: () => {
        throw new Error('hook bug');
      },
    });
    expect(throwing.extraAttributes({})).toBeUndefined();
  });
});
