import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { guardProcess } from '../support/process-guard.js';
import { checkAttributes, checkRecordingCalls } from '../support/properties.js';
import { receiverSink } from '../support/property-sink.js';

guardProcess();

/** A smaller run through the real transports and loopback receivers. */
const CASES = 200;

describe.each(['grpc', 'http'] as const)(
  'bad input after initialize(), through a real %s receiver',
  (protocol) => {
    it('drops or coerces hostile attributes as documented', async () => {
      const sink = await receiverSink(protocol);
      try {
        const start = performance.now();
        expect(await checkAttributes(sink, CASES)).toBe(CASES);
        reportFigures(`property: attributes (${protocol} receiver)`, {
          cases: CASES,
          ms: Math.round(performance.now() - start),
        });
      } finally {
        await sink.close();
      }
    });

    it('survives hostile recording calls, and the valid recording of each case still arrives', async () => {
      const sink = await receiverSink(protocol);
      try {
        const start = performance.now();
        expect(await checkRecordingCalls(sink, CASES)).toBe(CASES);
        reportFigures(`property: recording calls (${protocol} receiver)`, {
          cases: CASES,
          ms: Math.round(performance.now() - start),
        });
      } finally {
        await sink.close();
      }
    });
  },
);
