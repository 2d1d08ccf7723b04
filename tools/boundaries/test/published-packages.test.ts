import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const published = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>,
  }))
  .filter(({ manifest }) => manifest['private'] !== true);

describe('published packages', () => {
  it('are all found', () => {
    expect(published.length).toBeGreaterThan(10);
  });

  // npm and pnpm pack a package's own LICENSE whatever `files` says; the repository's is not in the tarball.
  it.each(published.map(({ dir, manifest }) => [manifest['name'] as string, dir]))(
    '%s ships the Apache-2.0 text it declares',
    (_name, dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license?: string };
      expect(manifest.license).toBe('Apache-2.0');
      expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(license);
    },
  );
});
