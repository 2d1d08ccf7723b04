import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHotPath } from './hot-path.js';

const here = dirname(fileURLToPath(import.meta.url));
const started = performance.now();
const sections = [];
const header = [
  '# TelemetryFlow SDK benchmarks',
  '',
  `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}.`,
  'Ratios are TelemetryFlow / raw OpenTelemetry JS 2.12 doing the same work; lower is better for costs.',
];

for (const scenario of [runHotPath]) {
  const result = await scenario();
  sections.push(`## ${result.title}\n\n${result.config}\n\n${result.table}`);
  console.log(`\n## ${result.title}\n${result.config}\n\n${result.table}`);
}

const markdown = `${header.join('\n')}\n\n${sections.join('\n\n')}\n\n_Total run time: ${((performance.now() - started) / 1000).toFixed(1)} s._\n`;
mkdirSync(join(here, '../results'), { recursive: true });
writeFileSync(join(here, '../results/latest.md'), markdown);
console.log(`\nwrote bench/results/latest.md`);
