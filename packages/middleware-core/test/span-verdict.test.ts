import { describe, expect, it } from 'vitest';
import { spanVerdict } from '../src/span-verdict.js';

const answered = (statusCode: number) => ({ statusCode, route: '/x', aborted: false });
const failure = new Error('boom');

describe('spanVerdict', () => {
  it('lets a 2xx or 3xx response end OK', () => {
    expect(spanVerdict(answered(204), undefined)).toMatchObject({ endWithError: false, status: 'ok' });
    expect(spanVerdict(answered(302), undefined)).toMatchObject({ endWithError: false, status: 'ok' });
  });

  it('leaves a 4xx response UNSET', () => {
    expect(spanVerdict(answered(404), undefined)).toMatchObject({ endWithError: false, status: 'unset' });
  });

  it('marks a 5xx response ERROR with its status code', () => {
    expect(spanVerdict(answered(502), undefined)).toMatchObject({
      endWithError: false,
      status: 'error',
      message: 'HTTP 502',
    });
  });

  it('ends with the error when an error produced a 5xx', () => {
    expect(spanVerdict(answered(500), failure)).toMatchObject({ endWithError: true });
  });

  it('records an error answered below 500 as an event, leaving the span UNSET', () => {
    expect(spanVerdict(answered(400), failure)).toEqual({
      endWithError: false,
      status: 'unset',
      exceptionEvent: true,
    });
  });

  it('marks a request abandoned before its response ERROR', () => {
    expect(spanVerdict({ statusCode: undefined, route: undefined, aborted: true }, undefined)).toMatchObject({
      status: 'error',
      message: 'Request aborted',
    });
  });
});
