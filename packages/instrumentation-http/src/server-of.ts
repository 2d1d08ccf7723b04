/**
 * `server.address` and `server.port` of a request URL: the host without IPv6 brackets (the URL
 * parser has lower-cased it), the port also when it is the scheme's default.
 */
export const serverOf = (url: URL): { readonly address: string; readonly port: number } => ({
  address: url.hostname.replace(/^\[|\]$/g, ''),
  port: url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
});
