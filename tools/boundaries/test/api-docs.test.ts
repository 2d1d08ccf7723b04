import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TelemetryFlowBuilder, TelemetryFlowClient } from '@telemetryflow/client';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const apiDoc = readFileSync(join(root, 'docs/API.md'), 'utf8');
const packages = readdirSync(join(root, 'packages'));

/** The names a package's `src/index.ts` exports (values and types). */
const exportedNames = (dir: string): string[] => {
  const index = readFileSync(join(root, 'packages', dir, 'src/index.ts'), 'utf8');
  return [...index.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
    (m[1] as string)
      .split(',')
      .map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)
            .pop() as string,
      )
      .filter((n) => n !== ''),
  );
};

/** The part of API.md about one package: from its `## ` heading to the next. */
const sectionOf = (name: string): string => {
  const start = apiDoc.indexOf(`## \`${name}\``);
  if (start < 0) return '';
  const next = apiDoc.indexOf('\n## ', start + 1);
  return apiDoc.slice(start, next < 0 ? undefined : next);
};

const mentions = (text: string, name: string): boolean =>
  text.includes(`\`${name}\``) || text.includes(`\`${name}(`);

describe('docs/API.md', () => {
  it.each(packages)('lists every export of @telemetryflow/%s in its section', (dir) => {
    const section = sectionOf(`@telemetryflow/${dir}`);
    expect(section, `no section for @telemetryflow/${dir}`).not.toBe('');
    expect(exportedNames(dir).filter((name) => !mentions(section, name))).toEqual([]);
  });

  it.each([
    ['TelemetryFlowClient', TelemetryFlowClient.prototype],
    ['TelemetryFlowBuilder', TelemetryFlowBuilder.prototype],
  ] as const)('lists every public method of %s', (name, prototype) => {
    const section = sectionOf('@telemetryflow/client');
    const members = Object.getOwnPropertyNames(prototype).filter((m) => m !== 'constructor');
    expect(members.length).toBeGreaterThan(10);
    expect(
      members.filter((m) => !mentions(section, m)),
      name,
    ).toEqual([]);
  });
});
