import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { randomToken, type Obj } from './payloads.js';
import type { World } from './state.js';

export interface IdentifyData {
  token: string;
  intents: number;
  properties: Obj;
  shard?: [number, number];
  compress?: boolean;
  large_threshold?: number;
  presence?: Obj;
}

interface Session {
  id: string;
  seq: number;
  identify: IdentifyData;
  conn: Connection | null;
}

/** One websocket. Sessions outlive connections so RESUME can re-attach them. */
class Connection {
  session: Session | null = null;
  private readonly deflate: zlib.Deflate | null;
  private readonly pending: Buffer[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly ws: WebSocket, zlibStream: boolean) {
    this.deflate = zlibStream ? zlib.createDeflate() : null;
    this.deflate?.on('data', (chunk: Buffer) => this.pending.push(chunk));
  }

  send(payload: Obj): void {
    const json = JSON.stringify(payload);
    const deflate = this.deflate;
    if (!deflate) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(json);
      return;
    }
    // zlib-stream: one shared deflate context; each message ends with a sync flush (00 00 ff ff).
    this.queue = this.queue.then(
      () =>
        new Promise<void>((resolve) => {
          deflate.write(json);
          deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            const frame = Buffer.concat(this.pending.splice(0));
            if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
            resolve();
          });
        }),
    );
  }

  close(): void {
    this.deflate?.close();
  }
}

const GUILDS_INTENT = 1 << 0;

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  readonly identifies: IdentifyData[] = [];
  /** Query strings of every connection attempt (discord.js sends `v=10&encoding=json`). */
  readonly connectQueries: Record<string, string>[] = [];
  heartbeats = 0;
  resumes = 0;
  readonly identified: Promise<IdentifyData>;
  private resolveIdentified!: (d: IdentifyData) => void;

  constructor(
    private readonly world: World,
    private readonly opts: { heartbeatIntervalMs: number; resumeUrl: () => string; identifyCloseCode?: number | undefined },
  ) {
    this.identified = new Promise((resolve) => (this.resolveIdentified = resolve));
  }

  /** Intents of the most recent IDENTIFY (0 before any). */
  get intents(): number {
    return this.identifies.at(-1)?.intents ?? 0;
  }

  get liveSessions(): number {
    return [...this.sessions.values()].filter((s) => s.conn).length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'ws://fake').searchParams);
    this.connectQueries.push(query);
    const conn = new Connection(ws, query.compress === 'zlib-stream');
    this.connections.add(conn);
    ws.on('close', () => {
      this.connections.delete(conn);
      conn.close();
      if (conn.session?.conn === conn) conn.session.conn = null;
    });
    ws.on('error', () => ws.terminate());
    if ((query.encoding ?? 'json') !== 'json') return ws.close(4002, 'fake-discord only speaks encoding=json');
    conn.send({ op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['fake-discord'] }, s: null, t: null });
    ws.on('message', (raw: RawData) => this.onPayload(conn, raw));
  }

  private onPayload(conn: Connection, raw: RawData): void {
    let payload: Obj;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      return conn.ws.close(4002, 'Error while decoding payload.');
    }
    switch (payload.op) {
      case 1:
        this.heartbeats++;
        return conn.send({ op: 11, d: null, s: null, t: null });
      case 2:
        return this.onIdentify(conn, payload.d as IdentifyData);
      case 6:
        return this.onResume(conn, payload.d);
      case 3: // presence update
      case 4: // voice state
      case 8: // request guild members
        return conn.session ? undefined : conn.ws.close(4003, 'Not authenticated.');
      default:
        return conn.ws.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(conn: Connection, d: IdentifyData): void {
    if (conn.session) return conn.ws.close(4005, 'Already authenticated.');
    if (!d?.token || typeof d.intents !== 'number') return conn.ws.close(4002, 'Error while decoding payload.');
    if (this.opts.identifyCloseCode) {
      this.identifies.push(d);
      return conn.ws.close(this.opts.identifyCloseCode, 'fake-discord: identify refused');
    }
    const session: Session = { id: randomToken(), seq: 0, identify: d, conn };
    conn.session = session;
    this.sessions.set(session.id, session);
    this.identifies.push(d);
    this.resolveIdentified(d);
    const w = this.world;
    this.send(session, 'READY', {
      v: 10, user: { ...w.botUser, verified: true, mfa_enabled: false, flags: 0 },
      guilds: [{ id: w.guildId, unavailable: true }], session_id: session.id,
      resume_gateway_url: this.opts.resumeUrl(), shard: d.shard ?? [0, 1],
      application: { id: w.applicationId, flags: 0 }, private_channels: [], presences: [], relationships: [],
      user_settings: {}, guild_join_requests: [], geo_ordered_rtc_regions: [], _trace: ['fake-discord'],
    });
    // Without the Guilds intent Discord sends no GUILD_CREATE, and discord.js doesn't wait for one.
    if (d.intents & GUILDS_INTENT) this.send(session, 'GUILD_CREATE', w.guildPayload());
  }

  private onResume(conn: Connection, d: Obj): void {
    const session = this.sessions.get(d?.session_id);
    if (!session || conn.session) return conn.send({ op: 9, d: false, s: null, t: null });
    session.conn?.ws.close(4000, 'Session resumed elsewhere.');
    session.conn = conn;
    conn.session = session;
    this.resumes++;
    // Events dispatched while disconnected are not replayed; tests dispatch after reconnecting.
    this.send(session, 'RESUMED', { _trace: ['fake-discord'] });
  }

  private send(session: Session, t: string, d: unknown): void {
    session.conn?.send({ op: 0, t, s: ++session.seq, d });
  }

  /**
   * Sends a dispatch event to every connected, identified session; returns how many got it.
   * With `route`, only sessions of that shard get it, as Discord sends a guild's events to one
   * shard: `route(shardCount)` gives the shard id. Unsharded sessions are all shard 0 of 1.
   */
  dispatch(t: string, d: unknown, route?: (shardCount: number) => number): number {
    let live = [...this.sessions.values()].filter((s) => s.conn);
    if (live.length === 0) throw new Error(`fake-discord: cannot dispatch ${t}, no identified gateway session`);
    if (route) {
      live = live.filter((s) => (s.identify.shard?.[0] ?? 0) === route(s.identify.shard?.[1] ?? 1));
      if (live.length === 0) throw new Error(`fake-discord: cannot dispatch ${t}, the shard it is routed to has no live session`);
    }
    for (const s of live) this.send(s, t, d);
    return live.length;
  }

  /** Connected sessions' shard ids ([id, count]; unsharded sessions are [0, 1]). */
  get liveShards(): Array<[number, number]> {
    return [...this.sessions.values()].filter((s) => s.conn).map((s) => s.identify.shard ?? [0, 1]);
  }

  /** Drops every socket with `code` (4000 makes discord.js RESUME; 4004 is fatal auth failure). */
  disconnect(code = 4000): void {
    for (const conn of this.connections) conn.ws.close(code, 'fake-discord disconnect');
  }

  async close(): Promise<void> {
    const closing = [...this.connections].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once('close', () => resolve());
          conn.ws.close(1001, 'fake-discord shutting down');
          // A peer that never answers the close frame must not keep the test process alive.
          setTimeout(() => conn.ws.terminate(), 250).unref();
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
