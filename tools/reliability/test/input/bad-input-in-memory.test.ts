import { describe, expect, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { guardProcess } from '../support/process-guard.js';
import { checkAttributes, checkRecordingCalls } from '../support/properties.js';
import { memorySink } from '../support/property-sink.js';

guardProcess();

/** Cases against the in-memory transport (decoding every request): the bulk of the 10 000. */
const ATTRIBUTE_CASES = 4_000;
const CALL_CASES = 6_000;

describe('bad input after initialize(), through the in-memory transport', () => {
  it('drops or coerces every hostile attributes argument as documented, never throwing', async () => {
    const start = performance.now();
    const cases = await checkAttributes(memorySink(), ATTRIBUTE_CASES);
    expect(cases).toBe(ATTRIBUTE_CASES);
    reportFigures('property: attributes (in-memory)', { cases, ms: Math.round(performance.now() - start) });
  });

  it('survives hostile recording calls, and the valid recording of each case still arrives', async () => {
    const start = performance.now();
    const cases = await checkRecordingCalls(memorySink(), CALL_CASES);
    expect(cases).toBe(CALL_CASES);
    reportFigures('property: recording calls (in-memory)', {
      cases,
      ms: Math.round(performance.now() - start),
    });
  });
});
