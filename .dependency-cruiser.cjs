/**
 * Import rules of the hexagon. Dependencies point inward only:
 *   middleware / client / infrastructure → application → domain
 * and a package reaches another only through its public entry (its exports map).
 * Run by `pnpm check:boundaries`; tools/boundaries proves it fails on outward imports.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing',
      comment: '@telemetryflow/domain has no dependencies: not other packages, not npm, not node builtins.',
      severity: 'error',
      from: { path: '^packages/domain/src/' },
      to: { pathNot: '^packages/domain/src/' },
    },
    {
      name: 'application-imports-only-domain',
      comment: '@telemetryflow/application may import @telemetryflow/domain and nothing else.',
      severity: 'error',
      from: { path: '^packages/application/src/' },
      to: { pathNot: ['^packages/application/src/', '^packages/domain/'] },
    },
    {
      name: 'infrastructure-points-inward',
      comment:
        'Transports are adapters of the domain port: they must not import the client, middleware, ' +
        'instrumentations or logger bridges.',
      severity: 'error',
      from: { path: '^packages/infrastructure-[^/]+/src/' },
      to: { path: '^packages/(client|(middleware|instrumentation|logger)-[^/]+)/' },
    },
    {
      name: 'middleware-points-inward',
      comment:
        'Middleware, instrumentations and logger bridges use the client public API; they must not ' +
        'reach transports directly.',
      severity: 'error',
      from: { path: '^packages/(middleware|instrumentation|logger)-[^/]+/src/' },
      to: { path: '^packages/infrastructure-[^/]+/' },
    },
    {
      name: 'client-does-not-import-middleware',
      severity: 'error',
      from: { path: '^packages/client/src/' },
      to: { path: '^packages/(middleware|instrumentation|logger)-[^/]+/' },
    },
    {
      name: 'only-public-entry',
      comment:
        'Reach another package through its name (its exports map), never through a path into its src/. ' +
        'Public entries resolve to dist/, so anything landing in another src/ is a deep import.',
      severity: 'error',
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: { path: '^packages/[^/]+/src/', pathNot: '^$1/$2/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Unresolvable imports include deep imports a package does not export.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)fixtures/', '(^|/)coverage/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
