import type { TraceState } from '@opentelemetry/api';

/** "There can be a maximum of 32 list-members in a list." */
export const MAX_TRACE_STATE_MEMBERS = 32;
/** "Vendors SHOULD propagate at least 512 characters of a combined header": we propagate 512. */
export const MAX_TRACE_STATE_LENGTH = 512;
/** "Entries larger than 128 characters long SHOULD be removed first." */
const LARGE_MEMBER = 128;

// Trace Context Level 1 key: simple-key, or multi-tenant-key = tenant-id (≤ 241) "@" system-id (≤ 14).
const KEY_CHAR = '[a-z0-9_\\-*/]';
const KEY = new RegExp(`^(?:[a-z]${KEY_CHAR}{0,255}|[a-z0-9]${KEY_CHAR}{0,240}@[a-z]${KEY_CHAR}{0,13})$`);
// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
// OWS (RFC 7230): spaces and horizontal tabs.
const OWS = /^[ \t]+|[ \t]+$/g;

type Member = readonly [key: string, value: string];

const sizeOf = ([key, value]: Member): number => key.length + 1 + value.length;
const lengthOf = (members: readonly Member[]): number =>
  members.reduce((n, m) => n + sizeOf(m), 0) + Math.max(members.length - 1, 0);

/**
 * At most 32 members and 512 characters. Over the length, whole members go: those larger than 128
 * characters first, then from the end (the oldest). The first `pinned` members (our own, just set)
 * are never removed.
 */
const fit = (members: readonly Member[], pinned: number): Member[] => {
  const kept = members.slice(0, MAX_TRACE_STATE_MEMBERS);
  let length = lengthOf(kept);
  const drop = (i: number, member: Member): void => {
    kept.splice(i, 1);
    length -= sizeOf(member) + 1;
  };
  for (let i = kept.length - 1; i >= pinned && length > MAX_TRACE_STATE_LENGTH; i--) {
    const member = kept[i] as Member;
    if (sizeOf(member) > LARGE_MEMBER) drop(i, member);
  }
  for (let i = kept.length - 1; i >= pinned && length > MAX_TRACE_STATE_LENGTH; i--) {
    drop(i, kept[i] as Member);
  }
  return kept;
};

/**
 * A W3C `tracestate` held to the Trace Context rules (OpenTelemetry's `TraceState` interface, so
 * the SDK carries it from parent to child span). Immutable: `set` and `unset` return a new one.
 */
export class W3CTraceState implements TraceState {
  readonly #members: readonly Member[];

  constructor(members: readonly Member[] = []) {
    this.#members = members;
  }

  /**
   * Adds or updates `key`, moved to the front ("Modified keys MUST be moved to the beginning");
   * the oldest members make room. An invalid key or value leaves the state unchanged.
   */
  set(key: string, value: string): W3CTraceState {
    if (!KEY.test(key) || !VALUE.test(value)) return this;
    const members = fit([[key, value], ...this.#members.filter(([k]) => k !== key)], 1);
    return lengthOf(members) > MAX_TRACE_STATE_LENGTH ? this : new W3CTraceState(members);
  }

  unset(key: string): W3CTraceState {
    return this.get(key) === undefined ? this : new W3CTraceState(this.#members.filter(([k]) => k !== key));
  }

  get(key: string): string | undefined {
    return this.#members.find(([k]) => k === key)?.[1];
  }

  serialize(): string {
    return this.#members.map(([key, value]) => `${key}=${value}`).join(',');
  }
}

/**
 * Parses a combined `tracestate` value (several header fields joined by `,`). Empty and
 * whitespace-only members are skipped and OWS around members is dropped. A header that breaks the
 * grammar — a member without `=`, a bad key or value, a key twice, more than 32 members — is
 * discarded whole (`undefined`), as the W3C test suite expects. A valid one is cut to 512 characters.
 */
export const parseTraceState = (header: string): W3CTraceState | undefined => {
  const members: Member[] = [];
  const keys = new Set<string>();
  for (const raw of header.split(',')) {
    const member = raw.replace(OWS, '');
    if (member === '') continue;
    const eq = member.indexOf('=');
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (eq === -1 || !KEY.test(key) || !VALUE.test(value) || keys.has(key)) return undefined;
    keys.add(key);
    members.push([key, value]);
    if (members.length > MAX_TRACE_STATE_MEMBERS) return undefined;
  }
  return new W3CTraceState(fit(members, 0));
};
