/** One thing wrong with an input, named by the field it belongs to. */
export interface Problem {
  readonly field: string;
  readonly message: string;
}

export interface TelemetryFlowErrorOptions {
  readonly code?: string;
  readonly cause?: unknown;
}

/** Base of every error the SDK throws. `code` is stable across releases; match on it, not on messages. */
export class TelemetryFlowError extends Error {
  override readonly name: string = 'TelemetryFlowError';
  readonly code: string;

  constructor(message: string, options: TelemetryFlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'TF_ERROR';
  }
}

/** An error that lists every problem found at once, so a user fixes them in one pass. */
abstract class ProblemsError extends TelemetryFlowError {
  readonly problems: readonly Problem[];

  constructor(title: string, problems: readonly Problem[], code: string, cause?: unknown) {
    super(`${title}: ${problems.map((p) => p.message).join('; ')}`, { code, cause });
    this.problems = Object.freeze([...problems]);
  }
}

/** The configuration is invalid. */
export class ConfigError extends ProblemsError {
  override readonly name = 'ConfigError';

  constructor(problems: readonly Problem[], cause?: unknown) {
    super('Invalid TelemetryFlow configuration', problems, 'TF_CONFIG_INVALID', cause);
  }
}

/** The API key id or secret is invalid. Never carries the secret. */
export class CredentialsError extends ProblemsError {
  override readonly name = 'CredentialsError';

  constructor(problems: readonly Problem[]) {
    super('Invalid TelemetryFlow credentials', problems, 'TF_CREDENTIALS_INVALID');
  }
}

/** The builder was given missing or invalid settings; lists every one of them. */
export class BuilderError extends ProblemsError {
  override readonly name = 'BuilderError';

  constructor(problems: readonly Problem[], cause?: unknown) {
    super('Cannot build TelemetryFlow client', problems, 'TF_BUILDER_INVALID', cause);
  }
}

/** A client method that needs `initialize()` was called before it (or after `shutdown()`). */
export class NotInitializedError extends TelemetryFlowError {
  override readonly name = 'NotInitializedError';

  constructor(message = 'Client is not initialized. Call initialize() first.') {
    super(message, { code: 'TF_NOT_INITIALIZED' });
  }
}
