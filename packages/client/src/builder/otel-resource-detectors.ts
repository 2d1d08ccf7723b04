import { RESOURCE_DETECTOR_NAMES } from '@telemetryflow/domain';
import type { ResourceDetectorName } from '@telemetryflow/domain';
import { quote } from './env.js';
import type { Parsed } from './env.js';

/** Detectors of `@opentelemetry/auto-instrumentations-node` this SDK does not bundle. */
const CLOUD_DETECTORS = new Set(['alibaba', 'aws', 'azure', 'gcp']);

/**
 * `OTEL_NODE_RESOURCE_DETECTORS`, as the OpenTelemetry JS Node SDK reads it: comma-separated names
 * (`env`, `host`, `os`, `process`, `container`); `all` anywhere selects every one, else `none`
 * anywhere selects none. `serviceinstance` is accepted and changes nothing: `service.instance.id`
 * is always sent (it tells the client's instances apart). Where the Node SDK logs an unknown name
 * and goes on, it is reported here, like every variable.
 */
export const parseResourceDetectors = (name: string, raw: string): Parsed<ResourceDetectorName[]> => {
  const words = raw
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.includes('all')) return { ok: true, value: [...RESOURCE_DETECTOR_NAMES] };
  if (words.includes('none')) return { ok: true, value: [] };
  const unknown = words.find((w) => w !== 'serviceinstance' && !RESOURCE_DETECTOR_NAMES.includes(w as never));
  if (unknown !== undefined) {
    const why = CLOUD_DETECTORS.has(unknown)
      ? `${quote(unknown)} is not bundled with this SDK`
      : `${quote(unknown)} is unknown`;
    const names = [...RESOURCE_DETECTOR_NAMES, 'all', 'none'].map((n) => `'${n}'`).join(', ');
    return { ok: false, problem: { field: name, message: `${name} ${why}; use ${names} (comma-separated)` } };
  }
  return {
    ok: true,
    value: [...new Set(words.filter((w): w is ResourceDetectorName => w !== 'serviceinstance'))],
  };
};
