// Scenario: what exemplars cost a recording call. The same client with exemplars off and on
// (the default: trace_based), each in its own process, alternating over rounds; a histogram
// recorded outside any span (never an exemplar: one context lookup) and inside an active,
// sampled span (a candidate: reservoir sampling per bucket).
import { runWorker } from './child.js';
import { OPS_PER_SAMPLE } from './settings.js';
import { fmt, markdownTable, median, ratio } from './table.js';

const OPERATIONS = [
  ['histogram', 'recordHistogram, no active span'],
  ['histogramInSpan', 'recordHistogram in an active sampled span (withActiveSpan)'],
];

/** @returns {Promise<{ title: string, config: string, table: string }>} */
export async function runExemplars({ rounds = 3, time = 300 } = {}) {
  const perSide = { off: [], on: [] };
  const only = OPERATIONS.map(([key]) => key).join(',');
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const side of order) {
      const worker = side === 'off' ? 'tf-no-exemplars' : 'tf';
      const report = await runWorker('hot-path-worker.js', [worker, String(time), only]);
      perSide[side].push(report.results);
    }
  }
  const rows = OPERATIONS.map(([key, label]) => {
    const off = median(perSide.off.map((r) => r[key].p50));
    const on = median(perSide.on.map((r) => r[key].p50));
    const perRound = perSide.on.map((r, i) => ratio(r[key].p50, perSide.off[i][key].p50)).join(', ');
    return [label, fmt(off), fmt(on), `${fmt(on / off, 2)}×`, perRound];
  });
  return {
    title: 'Exemplars: cost per recording call',
    config: [
      `The client with \`enableExemplars: false\` and with the default (on, \`trace_based\`), each in its own`,
      `process, ${rounds} rounds alternating which runs first; tinybench samples of ${OPS_PER_SAMPLE} calls for`,
      `${time} ms per operation. In the span, every call is a candidate (one exemplar kept per bucket).`,
    ].join('\n'),
    table: markdownTable(['operation', 'off ns/op', 'on ns/op', 'on / off', 'on / off per round'], rows),
  };
}
