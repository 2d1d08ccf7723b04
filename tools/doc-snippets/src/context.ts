// What a doc fragment may take as given: `<!-- snippet: context import { client } from '#context'; -->`
// before its block (docs/CONTRIBUTING.md, "Code blocks in the docs"). Declarations only: fragments
// that use them are type-checked, never run. Keep this list short; prefer complete snippets.
import type { Server } from 'node:http';
import type { TelemetryFlowBuilder, TelemetryFlowClient } from '@telemetryflow/client';
import type { Express } from 'express';

/** A client built and initialized earlier in the document. */
export declare const client: TelemetryFlowClient;
/** A builder configured earlier in the document. */
export declare const builder: TelemetryFlowBuilder;
/** An Express app created earlier in the document. */
export declare const app: Express;
/** The app's HTTP server. */
export declare const server: Server;
