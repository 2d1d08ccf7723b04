import { describe, expect, it } from 'vitest';
import { PINO_LEVELS, pinoSeverityNumber } from '../src/index.js';

describe('pinoSeverityNumber', () => {
  it("maps pino's levels to the first number of their OTLP range", () => {
    expect(Object.values(PINO_LEVELS).map(pinoSeverityNumber)).toEqual([1, 5, 9, 13, 17, 21]);
  });

  it.each([
    [35, 11],
    [39, 12],
    [45, 15],
    [15, 3],
    [65, 23],
    [70, 24],
    [1000, 24],
    [5, 1],
    [0, 1],
    [-10, 1],
    [Number.NaN, 1],
  ])('maps custom level %d into a range by its distance: %d', (level, number) => {
    expect(pinoSeverityNumber(level)).toBe(number);
  });
});
