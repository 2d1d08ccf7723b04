import { appendFileSync } from 'node:fs';

/** One observed figure set of a fault run, for the suite's report. */
export type Figures = Readonly<Record<string, string | number | boolean>>;

/**
 * Prints the figures of a run as one line (`[figures] {...}`), and appends it as JSON to the
 * file named by `RELIABILITY_FIGURES` when set, so a CI job can keep them.
 */
export const reportFigures = (name: string, figures: Figures): void => {
  const line = JSON.stringify({ name, ...figures });
  console.info(`[figures] ${line}`);
  const file = process.env['RELIABILITY_FIGURES'];
  if (file !== undefined && file !== '') appendFileSync(file, `${line}\n`);
};
