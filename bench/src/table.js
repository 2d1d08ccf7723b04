/** @param {number} n */
export const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';

/**
 * A Markdown table.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export const markdownTable = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
