import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedWireServer, type EmbeddedWireServer } from "./embeddedWireServer";

const HOST = "127.0.0.1";
let db: PGlite;
let server: EmbeddedWireServer;
let pool: pg.Pool;

beforeAll(async () => {
  db = await PGlite.create("memory://");
  server = await startEmbeddedWireServer({ db, host: HOST, port: 0, maxConnections: 24 });
  pool = new pg.Pool({ connectionString: urlOf(server), max: 16 });
  await pool.query("CREATE TABLE note (id serial PRIMARY KEY, owner text NOT NULL, body text NOT NULL)");
});
afterAll(async () => {
  await pool.end();
  await server.stop();
  await db.close();
});

function urlOf(wireServer: EmbeddedWireServer): string {
  return `postgresql://postgres@${HOST}:${wireServer.port}/postgres?sslmode=disable`;
}

/** One request of the mix: sends its queries and checks every answer against what its input must give. */
type Request = (index: number) => Promise<void>;

const requests: Request[] = [
  async function selectsTwoParameters(index) {
    const { rows } = await pool.query("SELECT $1::int * 2 AS doubled, $2::text || '!' AS shout", [index, `m${index}`]);
    expect(rows).toEqual([{ doubled: index * 2, shout: `m${index}!` }]);
  },
  async function selectsFourParameters(index) {
    const { rows } = await pool.query("SELECT $1::int + $2::int + $3::int + $4::int AS total", [index, index + 1, index + 2, index + 3]);
    expect(rows).toEqual([{ total: 4 * index + 6 }]);
  },
  async function usesANamedStatementEveryClientPrepares(index) {
    const { rows } = await pool.query({ name: "triple", text: "SELECT $1::int * 3 AS tripled, $2::text AS tag", values: [index, `t${index}`] });
    expect(rows).toEqual([{ tripled: index * 3, tag: `t${index}` }]);
  },
  async function insertsReadsAndCommitsOrRollsBack(index) {
    const owner = `tx-${index}`;
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO note (owner, body) VALUES ($1, 'pending')", [owner]);
      await sleep(1);
      const own = await client.query("SELECT owner, body FROM note WHERE owner = $1", [owner]);
      expect(own.rows).toEqual([{ owner, body: "pending" }]);
      // Every other transaction's row is pending until it commits as 'done': none may be visible here.
      const pending = await client.query("SELECT count(*)::int AS count FROM note WHERE body = 'pending'");
      expect(pending.rows).toEqual([{ count: 1 }]);
      await client.query("UPDATE note SET body = 'done' WHERE owner = $1", [owner]);
      await client.query(index % 2 === 0 ? "COMMIT" : "ROLLBACK");
    } finally {
      client.release();
    }
  },
  async function sendsSeveralStatementsInOneSimpleQuery(index) {
    const results: unknown = await pool.query(`SELECT ${index} AS first; SELECT 'second ${index}' AS second`);
    expect(results).toMatchObject([{ rows: [{ first: index }] }, { rows: [{ second: `second ${index}` }] }]);
  },
  async function readsRowsInPages(index) {
    // `rows` makes pg read through the portal with Execute + Flush, three rows at a time, before its Sync.
    const count = 7 + (index % 5);
    // (@types/pg does not know `rows`; a config held in a variable passes it through.)
    const paged = { text: "SELECT g FROM generate_series(1, $1::int) AS g", values: [count], rows: 3 };
    const { rows } = await pool.query(paged);
    expect(rows).toEqual(Array.from({ length: count }, (_, offset) => ({ g: offset + 1 })));
  },
  async function failsAloneInThePool(index) {
    await expect(pool.query("SELECT $1::int / ($1::int - $1::int) AS never", [index])).rejects.toThrow("division by zero");
  },
];

describe("the embedded wire server under concurrent requests", () => {
  it("answers 210 mixed requests sent at once, each exactly right, and keeps transactions apart", async () => {
    const pipelined = new pg.Client({ connectionString: urlOf(server), pipeline: true });
    await pipelined.connect();
    try {
      const pipelineChecks = Array.from({ length: 10 }, async (_, round) => {
        // Three queries written back to back on one connection; the middle one fails and only it.
        const first = pipelined.query("SELECT $1::int + 100 AS value", [round]);
        const failing = pipelined.query("SELECT 1 / ($1::int - $1::int) AS value", [round]);
        const last = pipelined.query("SELECT $1::text || '-after' AS value", [`r${round}`]);
        await expect(failing).rejects.toThrow("division by zero");
        expect((await first).rows).toEqual([{ value: round + 100 }]);
        expect((await last).rows).toEqual([{ value: `r${round}-after` }]);
      });
      const mixed = Array.from({ length: 200 }, (_, index) => requests[index % requests.length]?.(index));
      await Promise.all([...mixed, ...pipelineChecks]);
    } finally {
      await pipelined.end();
    }
    const { rows } = await pool.query("SELECT owner, body FROM note WHERE owner LIKE 'tx-%' ORDER BY id");
    const transactionIndexes = Array.from({ length: 200 }, (_, index) => index).filter((index) => index % requests.length === 3);
    const committed = transactionIndexes.filter((index) => index % 2 === 0);
    expect(committed.length).toBeGreaterThan(10);
    expect(new Set(rows.map((row: { owner: string }) => row.owner))).toEqual(new Set(committed.map((index) => `tx-${index}`)));
    expect(rows.every((row: { body: string }) => row.body === "done")).toBe(true);
  });

  it("rolls back a client that disconnects mid-transaction, and the others carry on", async () => {
    const ghost = await openRawConnection(server.port);
    ghost.send(query("BEGIN; INSERT INTO note (owner, body) VALUES ('ghost', 'pending')"));
    await ghost.readUntil("Z");
    // Everyone else waits for the ghost's transaction...
    const others = Array.from({ length: 20 }, (_, index) => pool.query("SELECT $1::int + 1 AS next", [index]));
    await sleep(50);
    ghost.destroy();
    // ...and goes on once it is gone.
    expect((await Promise.all(others)).map((result) => result.rows)).toEqual(Array.from({ length: 20 }, (_, index) => [{ next: index + 1 }]));
    const { rows } = await pool.query("SELECT count(*)::int AS count FROM note WHERE owner = 'ghost'");
    expect(rows).toEqual([{ count: 0 }]);
  });

  it("rolls back an extended query left unfinished after a Flush, without committing it", async () => {
    const reader = await openRawConnection(server.port);
    reader.send(parse("", "INSERT INTO note (owner, body) VALUES ('flushed', 'x')"), bind("", "", []), execute("", 0), flush());
    const replies = await reader.readUntil("C");
    expect(replies.map((reply) => reply.type)).toEqual(["1", "2", "C"]);
    const waiting = pool.query("SELECT count(*)::int AS count FROM note WHERE owner = 'flushed'");
    await sleep(20);
    reader.destroy();
    expect((await waiting).rows).toEqual([{ count: 0 }]);
  });

  it("answers each Sync-terminated batch of one write on its own: an error ends its batch only", async () => {
    const raw = await openRawConnection(server.port);
    const traffic = Array.from({ length: 20 }, (_, index) => pool.query("SELECT $1::int AS echo", [index]));
    raw.send(
      parse("", "SELECT 1 / 0"),
      bind("", "", []),
      execute("", 0),
      sync(),
      parse("", "SELECT $1::int * 7"),
      bind("", "", ["6"]),
      execute("", 0),
      sync(),
    );
    const first = await raw.readUntil("Z");
    expect(first.map((reply) => reply.type)).toEqual(["1", "E", "Z"]);
    expect(first[1]?.body.toString()).toContain("division by zero");
    const second = await raw.readUntil("Z");
    expect(second.map((reply) => reply.type)).toEqual(["1", "2", "D", "C", "Z"]);
    expect(readDataRow(second[2])).toEqual(["42"]);
    expect((await Promise.all(traffic)).map((result) => result.rows)).toEqual(Array.from({ length: 20 }, (_, index) => [{ echo: index }]));
    raw.destroy();
  });

  it("drops a closed client's prepared statements from the shared session", async () => {
    const client = new pg.Client({ connectionString: urlOf(server) });
    await client.connect();
    await client.query({ name: "left_behind", text: "SELECT 1" });
    const countLeftBehind = async () =>
      (await pool.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_prepared_statements WHERE name LIKE '%left_behind'")).rows[0]?.count;
    expect(await countLeftBehind()).toBe(1);
    await client.end();
    await expect.poll(countLeftBehind).toBe(0);
  });

  it("survives a client that leaves before its answer is written", async () => {
    const impatient = await openRawConnection(server.port);
    impatient.send(query("SELECT repeat('x', 2000000)"));
    impatient.destroy();
    const { rows } = await pool.query("SELECT 'still here' AS state");
    expect(rows).toEqual([{ state: "still here" }]);
  });
});

describe("connection limit and stopping", () => {
  it("refuses a connection over the limit in plain words", async () => {
    const small = await startEmbeddedWireServer({ db, host: HOST, port: 0, maxConnections: 1 });
    const first = new pg.Client({ connectionString: urlOf(small) });
    await first.connect();
    const second = new pg.Client({ connectionString: urlOf(small) });
    await expect(second.connect()).rejects.toThrow("has all its 1 connections in use");
    await first.end();
    await small.stop();
  });

  it("stops with a transaction open and never touches the database afterwards", async () => {
    const own = await PGlite.create("memory://");
    const stoppable = await startEmbeddedWireServer({ db: own, host: HOST, port: 0, maxConnections: 4 });
    const [holder, waiter] = [new pg.Client({ connectionString: urlOf(stoppable) }), new pg.Client({ connectionString: urlOf(stoppable) })];
    for (const client of [holder, waiter]) {
      client.on("error", () => undefined);
      await client.connect();
    }
    await holder.query("BEGIN");
    await holder.query("CREATE TABLE left_open (id int)");
    const waiting = waiter.query("SELECT 1");
    await sleep(20);
    await stoppable.stop();
    await own.close();
    // The sockets' close events come after stop(); none of them may reach the closed database.
    await expect(waiting).rejects.toThrow();
    await expect(holder.query("SELECT 1")).rejects.toThrow();
    await sleep(50);
  });
});

interface RawMessage {
  type: string;
  body: Buffer;
}

/** A bare protocol client, for what pg never sends: a write of two batches, a Flush left hanging, a vanishing socket. */
async function openRawConnection(port: number) {
  const socket: Socket = connect(port, HOST);
  socket.on("error", () => undefined);
  await new Promise((resolve) => socket.once("connect", resolve));
  let received = Buffer.alloc(0);
  const messages: RawMessage[] = [];
  let notify = () => undefined as void;
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    while (received.length >= 5 && received.length >= 1 + received.readInt32BE(1)) {
      const length = received.readInt32BE(1);
      messages.push({ type: String.fromCharCode(received[0] ?? 0), body: received.subarray(5, 1 + length) });
      received = received.subarray(1 + length);
    }
    notify();
  });
  const connection = {
    send(...parts: Buffer[]) {
      socket.write(Buffer.concat(parts));
    },
    /** The messages up to and including the first of `type`, taken off what has arrived. */
    async readUntil(type: string): Promise<RawMessage[]> {
      for (;;) {
        const index = messages.findIndex((message) => message.type === type);
        if (index !== -1) return messages.splice(0, index + 1);
        await new Promise<void>((resolve) => {
          notify = resolve;
        });
      }
    },
    destroy() {
      socket.destroy();
    },
  };
  const startup = Buffer.concat([int32(196608), cString("user"), cString("postgres"), cString("database"), cString("postgres"), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(startup.length + 4), startup]));
  await connection.readUntil("Z");
  return connection;
}

function readDataRow(message: RawMessage | undefined): string[] {
  if (!message) return [];
  const values: string[] = [];
  let offset = 2;
  for (let column = 0; column < message.body.readInt16BE(0); column++) {
    const length = message.body.readInt32BE(offset);
    values.push(message.body.toString("utf8", offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return values;
}

const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const int16 = (value: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
};
const cString = (value: string) => Buffer.from(`${value}\0`);
const frame = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
};
const query = (sql: string) => frame("Q", cString(sql));
const parse = (name: string, sql: string) => frame("P", cString(name), cString(sql), int16(0));
const bind = (portal: string, statement: string, values: string[]) =>
  frame("B", cString(portal), cString(statement), int16(0), int16(values.length), ...values.flatMap((value) => [int32(Buffer.byteLength(value)), Buffer.from(value)]), int16(0));
const execute = (portal: string, rows: number) => frame("E", cString(portal), int32(rows));
const sync = () => frame("S");
const flush = () => frame("H");
