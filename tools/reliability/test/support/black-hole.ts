import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/**
 * A TCP server on `127.0.0.1:port` that accepts connections, reads whatever comes and never
 * writes a byte: below the protocol, a collector that hangs before even the HTTP/2 handshake.
 * (The loopback receivers' `hang` answers at the protocol level; this is the harsher case.)
 */
export class BlackHole {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** Connections accepted so far. */
  connections = 0;

  private constructor() {
    this.#server = createServer((socket) => {
      this.connections++;
      this.#sockets.add(socket);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async listen(port: number): Promise<BlackHole> {
    const hole = new BlackHole();
    await new Promise<void>((resolve, reject) => {
      hole.#server.once('error', reject);
      hole.#server.listen(port, '127.0.0.1', () => resolve());
    });
    return hole;
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
