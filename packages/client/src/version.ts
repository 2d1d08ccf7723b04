import packageJson from '../package.json' with { type: 'json' };

/** This SDK's version (inlined at build time). */
export const SDK_VERSION: string = packageJson.version;
