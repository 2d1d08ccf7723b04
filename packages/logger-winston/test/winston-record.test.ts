import { describe, expect, it } from 'vitest';
import { WINSTON_SEVERITY_NUMBERS, winstonSeverityNumber } from '../src/index.js';
import { attributesOf } from '../src/winston-record.js';

describe('winstonSeverityNumber', () => {
  it('orders the npm and syslog levels as winston does', () => {
    const npm = ['silly', 'debug', 'verbose', 'http', 'info', 'warn', 'error'];
    const syslog = ['debug', 'info', 'notice', 'warning', 'error', 'crit', 'alert', 'emerg'];
    for (const order of [npm, syslog]) {
      const numbers = order.map(winstonSeverityNumber);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });

  it('is INFO for a name it does not know, even an Object.prototype one', () => {
    expect(winstonSeverityNumber('audit')).toBe(9);
    expect(winstonSeverityNumber('toString')).toBe(9);
    expect(WINSTON_SEVERITY_NUMBERS['fatal']).toBe(21);
  });
});

describe('attributesOf', () => {
  it('flattens other errors, their causes, and stops at 4 segments', () => {
    const cause = new Error('socket hang up');
    const info = {
      level: 'error',
      message: 'sync failed',
      upstream: new Error('bad gateway', { cause }),
      a: { b: { c: { d: { e: 1 } } } },
      when: new Date(0),
    };
    const attributes = { ...attributesOf(info) };
    expect(attributes).toMatchObject({
      'upstream.name': 'Error',
      'upstream.message': 'bad gateway',
      'upstream.cause.message': 'socket hang up',
      'a.b.c.d': { e: 1 },
      when: new Date(0),
    });
    expect(attributes['upstream.stack']).toMatch(/^Error: bad gateway/);
    expect(Object.keys(attributes)).not.toContain('level');
  });
});
