import type { Problem } from './errors.js';

/**
 * Resource detectors (`OTEL_NODE_RESOURCE_DETECTORS`), named as the OpenTelemetry JS Node SDK and
 * `@opentelemetry/auto-instrumentations-node` name them:
 * - `env`: the `OTEL_RESOURCE_ATTRIBUTES` entries the builder's auto-configuration reads;
 * - `host`: `host.name`, `host.arch`, `host.id`;
 * - `os`: `os.type`, `os.version`;
 * - `process`: `process.pid`, `process.executable.name` / `.path`, `process.command`,
 *   `process.command_args`, `process.owner`, `process.runtime.name` / `.version` / `.description`;
 * - `container`: `container.id`, inside a container.
 */
export const RESOURCE_DETECTOR_NAMES = Object.freeze(['env', 'host', 'os', 'process', 'container'] as const);
export type ResourceDetectorName = (typeof RESOURCE_DETECTOR_NAMES)[number];

/** Problems with a `resourceDetectors` option: a list of distinct names from {@link RESOURCE_DETECTOR_NAMES}. */
export const resourceDetectorProblems = (detectors: unknown): Problem[] => {
  const valid =
    Array.isArray(detectors) &&
    detectors.every((d) => RESOURCE_DETECTOR_NAMES.includes(d as never)) &&
    new Set(detectors).size === detectors.length;
  return valid
    ? []
    : [
        {
          field: 'resourceDetectors',
          message: `resourceDetectors must be a list of distinct names from ${RESOURCE_DETECTOR_NAMES.join(', ')}`,
        },
      ];
};
