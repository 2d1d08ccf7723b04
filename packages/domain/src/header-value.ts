// Printable ASCII only: CR/LF would allow header injection, and HTTP/2 and gRPC metadata
// reject anything else anyway.
const HEADER_VALUE = /^[\x20-\x7e]*$/;
const HEADER_TOKEN = /^[\x21-\x7e]*$/;

/** True when `value` can be sent as an HTTP header / gRPC metadata value as is. */
export const isSafeHeaderValue = (value: string): boolean => HEADER_VALUE.test(value);

/** Like {@link isSafeHeaderValue}, and no spaces either (for key ids and secrets). */
export const isSafeHeaderToken = (value: string): boolean => HEADER_TOKEN.test(value);

// C0 and C1 control characters and DEL. URL parsing silently strips CR, LF and TAB (the export
// would go to a mangled path), and none belongs in a header or a resource attribute.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Index of the first control character (C0, DEL or C1) in `value`, or -1 when there is none. */
export const controlCharacterIndex = (value: string): number => value.search(CONTROL_CHARACTER);
