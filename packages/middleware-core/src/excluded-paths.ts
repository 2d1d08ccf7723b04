/**
 * A predicate telling whether a request path is excluded from telemetry. Entries match the path
 * exactly, except entries ending in `*`, which match every path starting with what precedes the `*`
 * (`'/internal/*'` matches `/internal/jobs` but not `/internal`), as in the TelemetryFlow Python SDK.
 *
 * @example
 * ```ts
 * const isExcluded = createPathFilter(['/health', '/internal/*']);
 * isExcluded('/health'); // true
 * isExcluded('/internal/metrics'); // true
 * isExcluded('/healthz'); // false
 * ```
 */
export const createPathFilter = (patterns: readonly string[]): ((path: string) => boolean) => {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return function isExcluded(path: string): boolean {
    return exact.has(path) || prefixes.some((prefix) => path.startsWith(prefix));
  };
};

/** The path of a request target, without its query string or fragment. */
export const pathOf = (target: string | undefined): string => {
  const path = (target ?? '/').split(/[?#]/, 1)[0];
  return path === undefined || path === '' ? '/' : path;
};

/** The query string of a request target, without its `?` or the fragment; `undefined` when empty. */
export const queryOf = (target: string | undefined): string | undefined => {
  const start = (target ?? '').indexOf('?');
  if (start === -1) return undefined;
  const query = (target ?? '').slice(start + 1).split('#', 1)[0];
  return query === undefined || query === '' ? undefined : query;
};
