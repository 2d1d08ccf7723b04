// Build settings (tsup) of the published packages whose public types use Node's (`Buffer`,
// `node:http`, `Symbol.asyncDispose`): ESM + CJS + d.ts for Node 20.
//
// Their d.ts start with `/// <reference types="node" />`. TypeScript 6 and 7 no longer load every
// `@types/*` package by default (`types` defaults to `[]`), so without the reference a consumer's
// `tsc` fails in our d.ts (`Cannot find name 'Buffer'`) unless they list `node` in `types`.
// TypeScript drops hand-written reference directives from emitted declarations (since 5.5), and
// the d.ts bundler drops the ones it is given, hence the banner.

/** @param {{ shims?: boolean }} [options] `shims`: `import.meta.url` in the CJS build */
export const nodePackageBuild = ({ shims = false } = {}) => ({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { banner: '/// <reference types="node" />' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims,
});
