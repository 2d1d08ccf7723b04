// Build settings (tsup) of the published packages: ESM + CJS + d.ts for Node 20.
//
// `nodeTypes` (the packages whose public types use Node's: `Buffer`, `node:http`,
// `Symbol.asyncDispose`): their d.ts start with `/// <reference types="node" />`. TypeScript 6 and 7
// no longer load every `@types/*` package by default (`types` defaults to `[]`), so without the
// reference a consumer's `tsc` fails in our d.ts (`Cannot find name 'Buffer'`) unless they list
// `node` in `types`. TypeScript drops hand-written reference directives from emitted declarations
// (since 5.5), and the d.ts bundler drops the ones it is given, hence the banner.
//
// The CommonJS build ends by making `module.exports` plain data properties. esbuild gives it a
// getter per export (ESM's live bindings), and each read of it from another module is a getter
// calling another getter through a keyed load, which V8 does not inline (tens of ns). Our
// recording calls read a few across packages (`SeverityLevel.INFO`, `new EmitLogCommand(…)`, …):
// in a CommonJS app that was 10–15 % of a span or log call (`pnpm bench`, the same-process table).
// No export of ours is ever reassigned, so the live bindings bought nothing; the values are read
// once, when the module has finished loading.

/** Appended to each CommonJS bundle (after every export is defined). */
const COMMONJS_EXPORTS_AS_DATA =
  'module.exports = Object.defineProperty({ ...module.exports }, "__esModule", { value: true });';

/**
 * @param {{ entry?: string[], shims?: boolean, nodeTypes?: boolean }} [options]
 *   `entry` default `['src/index.ts']`; `shims`: `import.meta.url` in the CJS build; `nodeTypes`
 *   (default `true`): the d.ts reference Node's types (see above)
 */
export const nodePackageBuild = ({ entry = ['src/index.ts'], shims = false, nodeTypes = true } = {}) => ({
  entry,
  format: ['esm', 'cjs'],
  dts: nodeTypes ? { banner: '/// <reference types="node" />' } : true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims,
  /** @param {{ footer?: { js?: string } }} options @param {{ format: string }} context */
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.footer = { js: COMMONJS_EXPORTS_AS_DATA };
  },
});
