/** A number with thousands separators and `digits` decimals; `n/a` when not finite. */
export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';

/** `a / b` as `1.23×`. */
export const ratio = (a, b) => `${fmt(a / b, 2)}×`;

/** The median of a list of numbers (`NaN` when empty). */
export const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The `p`-th percentile (0–100) of a list of numbers, nearest rank. */
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const width = (text) => [...text].length;

/**
 * A Markdown table laid out as Prettier lays it out (padded cells), so the written results pass
 * `prettier --check`. By default the first column is left-aligned and the others right-aligned
 * (numbers); `{ text: true }` left-aligns every column.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 * @param {{ text?: boolean }} [options]
 */
export const markdownTable = (header, rows, { text = false } = {}) => {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell).replaceAll('|', '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => width(row[i] ?? ''))));
  const pad = (cell, i) => {
    const fill = ' '.repeat(widths[i] - width(cell));
    return i === 0 || text ? cell + fill : fill + cell;
  };
  const line = (row) => `| ${row.map((cell, i) => pad(cell ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 || text ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
};

/**
 * Medians over runs of an export run's common figures: items fed and delivered, % delivered,
 * delivered per second (until flush resolved), wall and CPU ms, and what our getStatus() dropped
 * (`undefined` for raw OTel, which does not count it).
 */
export const summarizeExport = (runs) => {
  const m = (f) => median(runs.map(f));
  return {
    fed: m((r) => r.fed),
    delivered: m((r) => r.delivered),
    pct: m((r) => (100 * r.delivered) / r.fed),
    perSecond: m((r) => (r.delivered / r.doneMs) * 1000),
    doneMs: m((r) => r.doneMs),
    cpuMs: m((r) => r.cpuMs),
    dropped: runs[0].status.dropped === undefined ? undefined : m((r) => r.status.dropped),
  };
};
