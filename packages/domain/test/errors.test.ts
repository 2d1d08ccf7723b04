import { describe, expect, it } from 'vitest';
import {
  BuilderError,
  ConfigError,
  CredentialsError,
  NotInitializedError,
  TelemetryFlowError,
} from '../src/index.js';

describe('errors', () => {
  it('all extend TelemetryFlowError and Error, with a name and a stable code', () => {
    const problems = [{ field: 'x', message: 'x is required' }];
    const cases: [TelemetryFlowError, string, string][] = [
      [new TelemetryFlowError('boom'), 'TelemetryFlowError', 'TF_ERROR'],
      [new ConfigError(problems), 'ConfigError', 'TF_CONFIG_INVALID'],
      [new CredentialsError(problems), 'CredentialsError', 'TF_CREDENTIALS_INVALID'],
      [new BuilderError(problems), 'BuilderError', 'TF_BUILDER_INVALID'],
      [new NotInitializedError(), 'NotInitializedError', 'TF_NOT_INITIALIZED'],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(TelemetryFlowError);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('NotInitializedError has the reference message', () => {
    expect(new NotInitializedError().message).toBe('Client is not initialized. Call initialize() first.');
  });

  it('keeps cause and a custom code', () => {
    const cause = new Error('root');
    const error = new TelemetryFlowError('wrapped', { code: 'TF_X', cause });
    expect(error.cause).toBe(cause);
    expect(error.code).toBe('TF_X');
    expect(new BuilderError([{ field: 'a', message: 'a bad' }], cause).cause).toBe(cause);
    expect(new TelemetryFlowError('no cause')).not.toHaveProperty('cause');
  });

  it('problem errors list and join their problems, and copy them', () => {
    const problems = [
      { field: 'a', message: 'a is required' },
      { field: 'b', message: 'b must be positive' },
    ];
    const error = new BuilderError(problems);
    problems.pop();
    expect(error.problems).toEqual([
      { field: 'a', message: 'a is required' },
      { field: 'b', message: 'b must be positive' },
    ]);
    expect(Object.isFrozen(error.problems)).toBe(true);
    expect(error.message).toBe('Cannot build TelemetryFlow client: a is required; b must be positive');
  });
});
