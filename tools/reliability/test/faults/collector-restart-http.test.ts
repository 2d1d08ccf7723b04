import { describe, it } from 'vitest';
import { reportFigures } from '../support/figures.js';
import { guardProcess } from '../support/process-guard.js';
import { runRestartScenario } from '../support/restart-run.js';

guardProcess();

describe('the client over HTTP when the collector restarts', () => {
  it('loses nothing when the collector stops mid-stream and is back on the same port 5 s later', async () => {
    reportFigures('http: collector stops, back after 5 s', await runRestartScenario('http'));
  });
});
