import type { ExportOutcome, ExportTransport } from '@telemetryflow/domain';
import { describe, expect, it } from 'vitest';
import { sendAttempt } from '../../src/engine/export/send-attempt.js';

const transport = (send: ExportTransport['send']): ExportTransport => ({
  send,
  shutdown: () => Promise.resolve(),
});
const body = new Uint8Array([1]);

describe('sendAttempt', () => {
  it('passes on what the transport says', async () => {
    const ok: ExportOutcome = { status: 'success' };
    expect(
      await sendAttempt(
        transport(() => Promise.resolve(ok)),
        'logs',
        body,
        100,
      ),
    ).toBe(ok);
  });

  it.each<[string, ExportTransport['send'], RegExp]>([
    [
      'throws synchronously',
      () => {
        throw new Error('sync');
      },
      /^transport error: Error: sync$/,
    ],
    ['rejects', () => Promise.reject(new Error('async')), /^transport error: Error: async$/],
    [
      'rejects with something unprintable',
      () =>
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test
        Promise.reject({
          toString() {
            throw new Error('no');
          },
        }),
      /^transport error: an error that cannot be printed$/,
    ],
    [
      'resolves to no outcome',
      () => Promise.resolve(undefined as never),
      /did not resolve to an ExportOutcome/,
    ],
    ['returns no promise', () => ({ status: 'weird' }) as never, /did not resolve to an ExportOutcome/],
  ])('turns a transport that %s into a retryable outcome', async (_name, send, reason) => {
    const outcome = await sendAttempt(transport(send), 'logs', body, 100);
    expect(outcome.status).toBe('retryable');
    expect(outcome.status === 'retryable' && outcome.reason).toMatch(reason);
  });
});
