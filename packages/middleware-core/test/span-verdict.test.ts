import { describe, expect, it } from 'vitest';
import { spanVerdict } from '../src/span-verdict.js';

const answered = (statusCode: number) => ({ statusCode, route: '/x', aborted: false });
const thrown = { error: new TypeError('db refused'), afterHeaders: false };
const thrownLate = { error: new TypeError('db refused'), afterHeaders: true };

describe('spanVerdict', () => {
  it('leaves 2xx, 3xx and 4xx responses UNSET, without error.type', () => {
    for (const code of [200, 204, 302, 404, 429]) {
      expect(spanVerdict(answered(code), undefined)).toEqual({
        endWithError: false,
        status: 'unset',
        exceptionEvent: false,
        errorType: undefined,
      });
    }
  });

  it('marks a 5xx response ERROR without a description, error.type the status code', () => {
    expect(spanVerdict(answered(502), undefined)).toEqual({
      endWithError: false,
      status: 'error',
      exceptionEvent: false,
      errorType: '502',
    });
  });

  it('ends with the error when an error produced a 5xx, error.type its type', () => {
    expect(spanVerdict(answered(500), thrown)).toMatchObject({ endWithError: true, errorType: 'TypeError' });
  });

  it('records an error answered below 500 as an event, leaving the span UNSET', () => {
    expect(spanVerdict(answered(400), thrown)).toEqual({
      endWithError: false,
      status: 'unset',
      exceptionEvent: true,
      errorType: undefined,
    });
  });

  it('ends with an error raised after a 2xx status was sent: the status code hides it', () => {
    expect(spanVerdict(answered(200), thrownLate)).toMatchObject({
      endWithError: true,
      errorType: 'TypeError',
    });
  });

  it('marks a request abandoned before its response ERROR, error.type aborted', () => {
    expect(spanVerdict({ statusCode: undefined, route: undefined, aborted: true }, undefined)).toEqual({
      endWithError: false,
      status: 'error',
      message: 'Request aborted',
      exceptionEvent: false,
      errorType: 'aborted',
    });
  });
});
