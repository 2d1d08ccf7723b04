import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const lockfile = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');

/** Every version of `name` resolved in the lockfile's `packages:` section. */
const versionsOf = (name: string): string[] => {
  const escaped = name.replace(/[/.]/g, '\\$&');
  const pattern = new RegExp(`^  '?${escaped}@(\\d+\\.\\d+\\.\\d+[^':(]*)'?:`, 'gm');
  return [...new Set([...lockfile.matchAll(pattern)].map((m) => m[1] as string))];
};

const atLeast = (version: string, floor: string): boolean => {
  const a = version.split(/[.-]/).map(Number);
  const b = floor.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
};

describe('lockfile', () => {
  // Published advisories; `pnpm audit` cannot reach an advisory service from CI, so floors are kept here.
  it.each([
    ['@grpc/grpc-js', '1.14.4'], // CVE-2026-48068/48069: client crash on a malformed compressed message
    ['protobufjs', '7.5.6'], // CVE-2026-44289
  ])('resolves %s at or above the security floor %s', (name, floor) => {
    const versions = versionsOf(name);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !atLeast(v, floor))).toEqual([]);
  });

  it('has one copy of each OpenTelemetry SDK package (the pnpm.overrides hold)', () => {
    const names = [...lockfile.matchAll(/^ {2}'?(@opentelemetry\/[a-z-]+)@/gm)].map((m) => m[1] as string);
    const duplicated = [...new Set(names)].filter((name) => versionsOf(name).length > 1);
    expect(duplicated).toEqual([]);
  });

  it('compares versions numerically', () => {
    expect(atLeast('1.14.10', '1.14.4')).toBe(true);
    expect(atLeast('1.14.3', '1.14.4')).toBe(false);
    expect(atLeast('7.5.6', '7.5.6')).toBe(true);
    expect(atLeast('8.0.0-rc.1', '7.5.6')).toBe(true);
  });
});
