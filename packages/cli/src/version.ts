import packageJson from '../package.json' with { type: 'json' };

/** This CLI's version (inlined at build time). */
export const CLI_VERSION: string = packageJson.version;

/** How generated files name their author: `telemetryflow-gen 0.1.0`. */
export const GENERATOR = `telemetryflow-gen ${CLI_VERSION}`;
