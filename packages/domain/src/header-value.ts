// Printable ASCII only: CR/LF would allow header injection, and HTTP/2 and gRPC metadata
// reject anything else anyway.
const HEADER_VALUE = /^[\x20-\x7e]*$/;
const HEADER_TOKEN = /^[\x21-\x7e]*$/;

/** True when `value` can be sent as an HTTP header / gRPC metadata value as is. */
export const isSafeHeaderValue = (value: string): boolean => HEADER_VALUE.test(value);

/** Like {@link isSafeHeaderValue}, and no spaces either (for key ids and secrets). */
export const isSafeHeaderToken = (value: string): boolean => HEADER_TOKEN.test(value);
