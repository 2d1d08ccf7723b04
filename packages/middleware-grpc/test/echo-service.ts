import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { SpanKind } from '@telemetryflow/client';
import type { TelemetryFlowClient } from '@telemetryflow/client';

// A real grpc-js Echo service on 127.0.0.1 with one method of each kind. Its handlers make a child
// span (`work <method>`, after an await) and a log, to show what is active while they run.

export interface Note {
  text: string;
  n: number;
}

type UnaryCallback = (error: grpc.ServiceError | null, reply?: Note) => void;

/** The generated client, typed for the tests. */
export interface EchoStub extends grpc.Client {
  Say(
    request: Note,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: UnaryCallback,
  ): grpc.ClientUnaryCall;
  Count(request: Note, metadata?: grpc.Metadata): grpc.ClientReadableStream<Note>;
  Collect(metadata: grpc.Metadata, callback: UnaryCallback): grpc.ClientWritableStream<Note>;
  Chat(metadata?: grpc.Metadata): grpc.ClientDuplexStream<Note, Note>;
}

const definition = loadSync(fileURLToPath(new URL('./fixtures/echo.proto', import.meta.url)), {
  defaults: true,
});
const loaded = grpc.loadPackageDefinition(definition) as unknown as {
  test: { echo: { Echo: grpc.ServiceClientConstructor } };
};
const { Echo } = loaded.test.echo;

/** What the handlers saw. */
export interface Seen {
  /** The `traceparent` metadata of each call, in arrival order. */
  readonly traceparents: (string | undefined)[];
  /** All metadata of each call. */
  readonly metadata: grpc.Metadata[];
  /** Calls whose handler saw the `cancelled` event. */
  cancelled: number;
}

const work = (client: TelemetryFlowClient, method: string): Promise<void> =>
  client.span(`work ${method}`, SpanKind.INTERNAL, async () => {
    await Promise.resolve();
    client.logInfo(`handled ${method}`);
  });

const failures: Readonly<Record<string, Partial<grpc.StatusObject>>> = {
  missing: { code: grpc.status.NOT_FOUND, details: 'no such note' },
  broken: { code: grpc.status.INTERNAL, details: 'invariant broken' },
};

const handlersOf = (client: TelemetryFlowClient, seen: Seen): grpc.UntypedServiceImplementation => {
  const record = (metadata: grpc.Metadata): void => {
    seen.metadata.push(metadata);
    seen.traceparents.push(metadata.get('traceparent')[0] as string | undefined);
  };
  return {
    Say(call: grpc.ServerUnaryCall<Note, Note>, callback: grpc.sendUnaryData<Note>) {
      record(call.metadata);
      const { text } = call.request;
      if (text === 'throw') throw new Error('handler threw');
      if (text === 'boom') return callback(new Error('boom'));
      if (text === 'hang') return void call.on('cancelled', () => seen.cancelled++);
      const failure = failures[text];
      if (failure) return callback(failure);
      work(client, 'Say').then(
        () => callback(null, { text, n: 1 }),
        (error: Error) => callback(error),
      );
    },
    Count(call: grpc.ServerWritableStream<Note, Note>) {
      record(call.metadata);
      const { text, n } = call.request;
      void (async () => {
        for (let i = 1; i <= n; i++) {
          await work(client, 'Count');
          call.write({ text, n: i });
          if (text === 'boom') {
            call.emit('error', { code: grpc.status.DATA_LOSS, details: 'lost' });
            return;
          }
        }
        call.end();
      })();
    },
    Collect(call: grpc.ServerReadableStream<Note, Note>, callback: grpc.sendUnaryData<Note>) {
      record(call.metadata);
      const texts: string[] = [];
      call.on('data', (note: Note) => texts.push(note.text));
      call.on('end', () => {
        work(client, 'Collect').then(
          () => callback(null, { text: texts.join(' '), n: texts.length }),
          (error: Error) => callback(error),
        );
      });
    },
    Chat(call: grpc.ServerDuplexStream<Note, Note>) {
      record(call.metadata);
      call.on('data', (note: Note) => call.write({ text: note.text.toUpperCase(), n: note.n }));
      call.on('end', () => {
        work(client, 'Chat').then(
          () => call.end(),
          () => call.end(),
        );
      });
    },
  };
};

export interface EchoServer {
  /** `127.0.0.1:port`. */
  readonly address: string;
  readonly seen: Seen;
  close(): void;
}

/** Serves Echo on an ephemeral loopback port, with `interceptors`. */
export const startEcho = async (
  client: TelemetryFlowClient,
  interceptors: grpc.ServerInterceptor[],
): Promise<EchoServer> => {
  const server = new grpc.Server({ interceptors });
  const seen: Seen = { traceparents: [], metadata: [], cancelled: 0 };
  server.addService(Echo.service, handlersOf(client, seen));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { address: `127.0.0.1:${port}`, seen, close: () => server.forceShutdown() };
};

export const echoStub = (address: string, interceptors: grpc.Interceptor[]): EchoStub =>
  new Echo(address, grpc.credentials.createInsecure(), { interceptors }) as unknown as EchoStub;

export interface UnaryResult {
  readonly error: grpc.ServiceError | null;
  readonly reply: Note | undefined;
}

/** One `Say` call; resolves with its error or reply, in the callback's context. */
export const say = (
  stub: EchoStub,
  text: string,
  { metadata = new grpc.Metadata(), deadline }: { metadata?: grpc.Metadata; deadline?: number } = {},
  onReply?: () => void,
): Promise<UnaryResult> =>
  new Promise((resolve) =>
    stub.Say({ text, n: 0 }, metadata, deadline === undefined ? {} : { deadline }, (error, reply) => {
      onReply?.();
      resolve({ error, reply });
    }),
  );

export interface StreamResult {
  readonly notes: Note[];
  readonly error: grpc.ServiceError | undefined;
}

/** Reads a response stream to its end or error. */
const drain = (call: grpc.ClientReadableStream<Note> | grpc.ClientDuplexStream<Note, Note>) =>
  new Promise<StreamResult>((resolve) => {
    const notes: Note[] = [];
    call.on('data', (note: Note) => notes.push(note));
    call.on('error', (error: grpc.ServiceError) => resolve({ notes, error }));
    call.on('end', () => resolve({ notes, error: undefined }));
  });

export const count = (stub: EchoStub, text: string, n: number): Promise<StreamResult> =>
  drain(stub.Count({ text, n }));

export const chat = (stub: EchoStub, texts: string[]): Promise<StreamResult> => {
  const call = stub.Chat();
  const result = drain(call);
  texts.forEach((text, n) => call.write({ text, n }));
  call.end();
  return result;
};

export const collect = (stub: EchoStub, texts: string[]): Promise<UnaryResult> =>
  new Promise((resolve) => {
    const call = stub.Collect(new grpc.Metadata(), (error, reply) => resolve({ error, reply }));
    texts.forEach((text, n) => call.write({ text, n }));
    call.end();
  });
