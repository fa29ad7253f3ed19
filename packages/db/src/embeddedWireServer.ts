import { createServer, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

export interface EmbeddedWireServer {
  host: string;
  port: number;
  /** Closes every connection and the listener; the database is not touched once this resolves. */
  stop(): Promise<void>;
}

export interface StartEmbeddedWireServerOptions {
  db: PGlite;
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxConnections: number;
}

const PROTOCOL_VERSION_3 = 196608;
const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;
/** Postgres refuses larger messages too (PQ_LARGE_MESSAGE_LIMIT). */
const MAX_MESSAGE_LENGTH = 0x3fffffff;

const code = (letter: string) => letter.charCodeAt(0);
const PARSE = code("P");
const BIND = code("B");
const DESCRIBE = code("D");
const CLOSE = code("C");
const EXECUTE = code("E");
const SYNC = code("S");
const QUERY = code("Q");
const FLUSH = code("H");
const TERMINATE = code("X");
const PASSWORD = code("p");
const STATEMENT = code("S");

/**
 * Serves one PGlite (a single Postgres session) to many `pg` connections.
 *
 * A connection's messages run in units — everything up to a Sync, a simple
 * Query, a Flush or a Terminate — each with PGlite to itself, so two clients'
 * extended-query messages never interleave (PGLiteSocketServer queues each
 * message on its own, and a Parse of one client met the Bind of another).
 * A connection inside a transaction, or between a Flush and its Sync, keeps
 * the session until it is done; everyone else waits in arrival order.
 * Prepared statement and portal names are prefixed per connection, since all
 * connections share one session's namespace.
 */
export async function startEmbeddedWireServer(options: StartEmbeddedWireServerOptions): Promise<EmbeddedWireServer> {
  const { db, host, maxConnections } = options;
  await db.waitReady;
  const session = new SessionQueue(db);
  const connections = new Set<WireConnection>();
  let nextConnectionId = 1;
  let isStopping = false;

  const server = createServer((socket) => {
    if (isStopping) {
      socket.destroy();
      return;
    }
    const connection = new WireConnection({
      id: nextConnectionId++,
      socket,
      isRefused: connections.size >= maxConnections,
      maxConnections,
      onUnit: (unit) => session.enqueue(unit),
    });
    connections.add(connection);
    socket.once("close", () => {
      connections.delete(connection);
      if (!isStopping) session.forget(connection);
    });
  });
  // A listener error after start-up has no caller to go to; connections carry on.
  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      server.on("error", () => undefined);
      resolve();
    });
  });
  await listening;
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The embedded database's listener has no TCP port.");

  let stopped: Promise<void> | undefined;
  return {
    host,
    port: address.port,
    stop() {
      stopped ??= (async () => {
        isStopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const connection of connections) connection.destroy();
        await session.stop();
        await closed;
      })();
      return stopped;
    },
  };
}

/**
 * Messages of one connection that run together, with the session to
 * themselves; or the clean-up after a connection that is gone.
 */
type WorkUnit =
  | {
      kind: "messages";
      connection: WireConnection;
      messages: Uint8Array[];
      /** Ended with Flush: the client reads results mid extended query, its Sync comes later. */
      isMidQuery: boolean;
    }
  | { kind: "cleanUp"; connection: WireConnection };

/**
 * Runs units against the one PGlite session in arrival order, except that a
 * connection in a transaction (or mid extended query) keeps the session: only
 * its own units run until it is done or gone.
 */
class SessionQueue {
  readonly #db: PGlite;
  #queue: WorkUnit[] = [];
  #owner: WireConnection | null = null;
  #isDraining = false;
  #drained: Promise<void> = Promise.resolve();
  #isStopped = false;

  constructor(db: PGlite) {
    this.#db = db;
  }

  enqueue(unit: WorkUnit): void {
    if (this.#isStopped || unit.connection.isClosed) return;
    this.#queue.push(unit);
    this.#startDraining();
  }

  /** A closed connection: drop what it queued, then undo what it left in the session, in its turn. */
  forget(connection: WireConnection): void {
    if (this.#isStopped) return;
    this.#queue = this.#queue.filter((unit) => unit.connection !== connection);
    this.#queue.push({ kind: "cleanUp", connection });
    this.#startDraining();
  }

  /** Waits for the unit that is running; nothing runs after. */
  async stop(): Promise<void> {
    this.#isStopped = true;
    this.#queue = [];
    await this.#drained;
  }

  #startDraining(): void {
    if (this.#isDraining) return;
    this.#isDraining = true;
    this.#drained = this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const unit = this.#takeNext();
        if (!unit) return;
        if (unit.kind === "cleanUp") await this.#cleanUpAfter(unit.connection);
        else if (!unit.connection.isClosed) await this.#run(unit);
      }
    } finally {
      // In the same step as the last look at the queue, so an enqueue never meets a loop that is about to end.
      this.#isDraining = false;
    }
  }

  #takeNext(): WorkUnit | undefined {
    if (this.#isStopped) return undefined;
    const owner = this.#owner;
    const index = owner ? this.#queue.findIndex((unit) => unit.connection === owner) : 0;
    if (index === -1) return undefined;
    return this.#queue.splice(index, 1)[0];
  }

  async #run(unit: WorkUnit & { kind: "messages" }): Promise<void> {
    const { connection } = unit;
    let isWriting = true;
    // PGlite keeps the last output callback for later calls that bring none: a finished unit's socket must not get their output.
    const onRawData = (data: Uint8Array) => {
      if (isWriting) connection.write(data);
    };
    try {
      await this.#db.runExclusive(async () => {
        for (const message of unit.messages) {
          await this.#db.execProtocolRawStream(message, { onRawData });
        }
      });
      this.#owner = unit.isMidQuery || this.#db.isInTransaction() ? connection : null;
    } catch {
      // Not an SQL error (those go to the client on the wire): PGlite itself failed, and this client's
      // view of the session is lost. Its clean-up rolls back what can be.
      this.#owner = connection;
      connection.destroy();
    } finally {
      isWriting = false;
    }
    if (unit.messages.at(-1)?.[0] === TERMINATE) connection.end();
  }

  /** Rolls back what a gone connection left open and drops its prepared statements. */
  async #cleanUpAfter(connection: WireConnection): Promise<void> {
    const isOwner = this.#owner === connection;
    if (isOwner) this.#owner = null;
    const statements = connection.takeStatementNames();
    if (!isOwner && statements.length === 0) return;
    const execute = (message: Uint8Array) => this.#db.execProtocolRawStream(message, { onRawData: () => undefined });
    try {
      await this.#db.runExclusive(async () => {
        if (isOwner) {
          // A Query is skipped while a failed extended query waits for its Sync, and a Sync alone would commit an
          // unfinished extended query's implicit transaction: so ROLLBACK, Sync, and ROLLBACK again if a failed
          // transaction block is still open.
          await execute(buildQueryMessage("ROLLBACK"));
          await execute(buildMessage(SYNC, Buffer.alloc(0)));
          if (this.#db.isInTransaction()) await execute(buildQueryMessage("ROLLBACK"));
        }
        for (const name of statements) await execute(buildMessage(CLOSE, Buffer.concat([Buffer.from([STATEMENT]), cString(name)])));
        if (statements.length > 0) await execute(buildMessage(SYNC, Buffer.alloc(0)));
      });
    } catch {
      // PGlite itself failed; the next unit meets the same failure and closes its own connection.
    }
  }
}

/** One client socket: reassembles its messages and groups them into units. */
class WireConnection {
  readonly #socket: Socket;
  readonly #onUnit: (unit: WorkUnit) => void;
  readonly #namePrefix: string;
  readonly #isRefused: boolean;
  readonly #maxConnections: number;
  /** Scoped names of the prepared statements this connection created in the shared session. */
  readonly #statementNames = new Set<string>();
  #received: Buffer = Buffer.alloc(0);
  #hasStarted = false;
  #unitMessages: Uint8Array[] = [];
  #isClosed = false;

  constructor(options: { id: number; socket: Socket; isRefused: boolean; maxConnections: number; onUnit: (unit: WorkUnit) => void }) {
    this.#socket = options.socket;
    this.#onUnit = options.onUnit;
    this.#namePrefix = `cw${options.id}_`;
    this.#isRefused = options.isRefused;
    this.#maxConnections = options.maxConnections;
    this.#socket.setNoDelay(true);
    this.#socket.on("data", (chunk: Buffer) => this.#receive(chunk));
    // A reset or a failed write closes this connection only; 'close' follows.
    this.#socket.on("error", () => this.destroy());
    this.#socket.once("close", () => {
      this.#isClosed = true;
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  takeStatementNames(): string[] {
    const names = [...this.#statementNames];
    this.#statementNames.clear();
    return names;
  }

  write(data: Uint8Array): void {
    // PGlite hands out a view of its memory, which the next message overwrites: copy it.
    if (data.length > 0 && this.#socket.writable) this.#socket.write(Buffer.from(data));
  }

  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#isClosed = true;
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    if (this.#isClosed) return;
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    let offset = 0;
    while (!this.#isClosed) {
      const consumed = this.#hasStarted ? this.#takeTypedMessage(offset) : this.#takeStartupMessage(offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    this.#received = this.#received.subarray(offset);
  }

  /** Before the startup message: untyped messages (SSL/GSS negotiation, cancel, startup). Returns bytes consumed. */
  #takeStartupMessage(offset: number): number {
    const received = this.#received;
    if (received.length - offset < 8) return 0;
    const length = received.readInt32BE(offset);
    const requestCode = received.readInt32BE(offset + 4);
    if (length < 8 || length > MAX_MESSAGE_LENGTH) {
      this.destroy();
      return 0;
    }
    if (received.length - offset < length) return 0;
    if (requestCode === SSL_REQUEST_CODE || requestCode === GSSENC_REQUEST_CODE) {
      // No encryption on loopback: 'N', and the client goes on in plain text.
      this.#socket.write("N");
    } else if (requestCode === CANCEL_REQUEST_CODE) {
      // A single session has no other backend to interrupt; Postgres answers nothing either.
    } else if (requestCode === PROTOCOL_VERSION_3) {
      this.#hasStarted = true;
      if (this.#isRefused) {
        this.#refuse();
        return 0;
      }
      this.#onUnit({ kind: "messages", connection: this, messages: [received.subarray(offset, offset + length)], isMidQuery: false });
    } else {
      this.destroy();
      return 0;
    }
    return length;
  }

  /** After startup: a type byte and a length. Returns bytes consumed. */
  #takeTypedMessage(offset: number): number {
    const received = this.#received;
    if (received.length - offset < 5) return 0;
    const length = received.readInt32BE(offset + 1);
    if (length < 4 || length > MAX_MESSAGE_LENGTH) {
      this.destroy();
      return 0;
    }
    if (received.length - offset < 1 + length) return 0;
    const message = scopeNames(received.subarray(offset, offset + 1 + length), this.#namePrefix);
    this.#rememberStatement(message);
    const type = message[0];
    if (type === PASSWORD) {
      this.#onUnit({ kind: "messages", connection: this, messages: [message], isMidQuery: false });
    } else {
      this.#unitMessages.push(message);
      if (type === SYNC || type === QUERY || type === FLUSH || type === TERMINATE) {
        this.#onUnit({ kind: "messages", connection: this, messages: this.#unitMessages, isMidQuery: type === FLUSH });
        this.#unitMessages = [];
      }
    }
    return 1 + length;
  }

  #rememberStatement(message: Buffer): void {
    if (message[0] === PARSE) {
      const name = readCString(message, 5)?.value;
      if (name) this.#statementNames.add(name);
    } else if (message[0] === CLOSE && message[5] === STATEMENT) {
      const name = readCString(message, 6)?.value;
      if (name) this.#statementNames.delete(name);
    }
  }

  #refuse(): void {
    const fields = Buffer.concat([
      field("S", "FATAL"),
      field("V", "FATAL"),
      field("C", "53300"),
      field("M", `The embedded database has all its ${this.#maxConnections} connections in use. Lower the pool size, or use PostgreSQL (DATABASE_URL) for more.`),
      Buffer.from([0]),
    ]);
    this.#socket.end(buildMessage(code("E"), fields));
    this.#isClosed = true;
  }
}

/**
 * Prefixes the non-empty prepared statement and portal names of Parse, Bind,
 * Describe, Close and Execute, so connections sharing one session cannot
 * collide (two pool clients both preparing "get_bot").
 */
function scopeNames(message: Buffer, prefix: string): Buffer {
  switch (message[0]) {
    case PARSE:
    case EXECUTE:
      return prefixCStrings(message, 5, 1, prefix);
    case BIND:
      return prefixCStrings(message, 5, 2, prefix);
    case DESCRIBE:
    case CLOSE:
      return prefixCStrings(message, 6, 1, prefix);
    default:
      return message;
  }
}

function prefixCStrings(message: Buffer, start: number, count: number, prefix: string): Buffer {
  const parts: Buffer[] = [message.subarray(5, start)];
  let offset = start;
  let isChanged = false;
  for (let index = 0; index < count; index++) {
    const name = readCString(message, offset);
    // Malformed: leave it to Postgres to refuse.
    if (!name) return message;
    isChanged ||= name.value !== "";
    parts.push(name.value ? cString(prefix + name.value) : Buffer.from([0]));
    offset = name.end;
  }
  if (!isChanged) return message;
  parts.push(message.subarray(offset));
  return buildMessage(message[0] ?? 0, Buffer.concat(parts));
}

function readCString(buffer: Buffer, offset: number): { value: string; end: number } | null {
  const terminator = buffer.indexOf(0, offset);
  if (terminator === -1) return null;
  return { value: buffer.toString("utf8", offset, terminator), end: terminator + 1 };
}

function cString(value: string): Buffer {
  return Buffer.concat([Buffer.from(value, "utf8"), Buffer.from([0])]);
}

function field(letter: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(letter), cString(value)]);
}

function buildQueryMessage(sql: string): Buffer {
  return buildMessage(QUERY, cString(sql));
}

/** Type byte, int32 length (itself included), body. */
function buildMessage(type: number, body: Buffer): Buffer {
  const message = Buffer.alloc(5 + body.length);
  message[0] = type;
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}
