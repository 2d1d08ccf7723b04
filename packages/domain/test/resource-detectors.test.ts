import { describe, expect, it } from 'vitest';
import { ConfigError, RESOURCE_DETECTOR_NAMES } from '../src/index.js';
import type { ResourceDetectorName } from '../src/index.js';
import { makeConfig } from './fixtures.js';

describe('resourceDetectors', () => {
  it('defaults to every detector, as the OpenTelemetry JS Node SDK', () => {
    expect(makeConfig().resourceDetectors).toEqual(['env', 'host', 'os', 'process', 'container']);
    expect(RESOURCE_DETECTOR_NAMES).toEqual(makeConfig().resourceDetectors);
  });

  it('keeps a chosen list, frozen, and [] for none', () => {
    const config = makeConfig({ resourceDetectors: ['host', 'os'] });
    expect(config.resourceDetectors).toEqual(['host', 'os']);
    expect(Object.isFrozen(config.resourceDetectors)).toBe(true);
    expect(makeConfig({ resourceDetectors: [] }).resourceDetectors).toEqual([]);
    expect(config.with({}).resourceDetectors).toEqual(['host', 'os']);
  });

  it.each([
    ['an unknown name', ['gcp']],
    ['a repeated name', ['host', 'host']],
    ['not a list', 'host'],
  ])('rejects %s naming the field', (_what, detectors) => {
    expect(() => makeConfig({ resourceDetectors: detectors as unknown as ResourceDetectorName[] })).toThrow(
      ConfigError,
    );
    try {
      makeConfig({ resourceDetectors: detectors as unknown as ResourceDetectorName[] });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.field)).toEqual(['resourceDetectors']);
    }
  });
});
