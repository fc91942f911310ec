/** A fake Slack Socket Mode endpoint (WebSocket on 127.0.0.1:0): says hello, pushes envelopes, awaits acks. */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What the app sends back for an envelope: `{envelope_id, payload?}`. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketModeOptions {
  /** Sent in the hello's connection_info and in event callbacks. */
  appId?: string;
  /** The team event callbacks name; default the fake Slack's T0TRAILW. */
  teamId?: string;
  /** How long a send*() waits for the app's ack before rejecting; Slack waits 3 s. */
  ackTimeoutMs?: number;
  /** When set, the server pings each connection this often, as Slack does. */
  pingIntervalMs?: number;
}

export interface FakeSocketMode {
  /** The ws:// URL apps.connections.open hands out (pass the fake to fakeSlack.attachSocketMode). */
  readonly url: string;
  /** Open connections now. */
  readonly connections: number;
  /** Every message the app sent that carried an envelope_id, in arrival order. */
  readonly acks: readonly SocketModeAck[];
  /**
   * Resolves when exactly `count` connections are open. `waitForConnections(0)` after `app.stop()`:
   * Bolt's SocketModeReceiver.stop() resolves before the close handshake ends.
   */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  sendSlashCommand(payload: Record<string, unknown>): Promise<SocketModeAck>;
  sendInteractive(payload: Record<string, unknown>): Promise<SocketModeAck>;
  /** Wraps `event` in an event_callback, as the Events API does. */
  sendEvent(event: Record<string, unknown>): Promise<SocketModeAck>;
  sendEnvelope(type: EnvelopeType, payload: unknown, acceptsResponsePayload: boolean): Promise<SocketModeAck>;
  /** Sends `{type:'disconnect', reason}` to every connection, as Slack does before recycling a link. */
  disconnectAll(reason?: string): void;
  close(): Promise<void>;
}

interface Pending {
  resolve: (ack: SocketModeAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const appId = options.appId ?? 'A0TRAILW';
  const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const open = new Set<WebSocket>();
  const pending = new Map<string, Pending>();
  const acks: SocketModeAck[] = [];
  const connectionWaiters = new Set<() => void>();
  let nextSocket = 0;

  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => {
      open.delete(socket);
      wakeConnectionWaiters();
    });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) onClientMessage(data.toString());
    });
    if (options.pingIntervalMs) {
      const ping = setInterval(() => socket.ping(), options.pingIntervalMs);
      socket.on('close', () => clearInterval(ping));
    }
    // Slack's first message on a new link; SocketModeClient resolves start() when it arrives.
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.size,
        connection_info: { app_id: appId },
        debug_info: {
          host: 'applink-fake-trailwatch',
          build_number: 1,
          approximate_connection_time: 18060,
        },
      }),
    );
    wakeConnectionWaiters();
  });

  function wakeConnectionWaiters(): void {
    for (const wake of [...connectionWaiters]) wake();
  }

  function onClientMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const ack = message as Partial<SocketModeAck>;
    if (typeof ack.envelope_id !== 'string') return;
    const recorded: SocketModeAck = {
      envelope_id: ack.envelope_id,
      ...(ack.payload ? { payload: ack.payload } : {}),
    };
    acks.push(recorded);
    const waiting = pending.get(ack.envelope_id);
    if (!waiting) return;
    pending.delete(ack.envelope_id);
    clearTimeout(waiting.timer);
    waiting.resolve(recorded);
  }

  /** Slack delivers each envelope to one of the app's connections; round-robin spreads them. */
  function pickSocket(): WebSocket {
    const sockets = [...open].filter((s) => s.readyState === s.OPEN);
    const socket = sockets[nextSocket++ % Math.max(1, sockets.length)];
    if (!socket) throw new Error('fake Socket Mode: no app is connected');
    return socket;
  }

  function sendEnvelope(type: EnvelopeType, payload: unknown, acceptsResponsePayload: boolean) {
    const envelopeId = randomUUID();
    const socket = pickSocket();
    return new Promise<SocketModeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(envelopeId);
        reject(
          new Error(`fake Socket Mode: no ack for ${type} envelope ${envelopeId} within ${ackTimeoutMs} ms`),
        );
      }, ackTimeoutMs);
      pending.set(envelopeId, { resolve, reject, timer });
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: acceptsResponsePayload,
      };
      socket.send(JSON.stringify(envelope));
    });
  }

  function waitForConnections(count: number, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (open.size !== count) return;
        connectionWaiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        connectionWaiters.delete(check);
        reject(
          new Error(`fake Socket Mode: ${open.size} connection(s), not ${count}, after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      connectionWaiters.add(check);
      check();
    });
  }

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake-trailwatch`,
    get connections() {
      return open.size;
    },
    acks,
    waitForConnections,
    sendSlashCommand: (payload) => sendEnvelope('slash_commands', payload, true),
    sendInteractive: (payload) => sendEnvelope('interactive', payload, true),
    sendEvent: (event) =>
      sendEnvelope('events_api', eventCallback(appId, options.teamId ?? 'T0TRAILW', event), false),
    sendEnvelope,
    disconnectAll: (reason = 'refresh_requested') => {
      const message = JSON.stringify({
        type: 'disconnect',
        reason,
        debug_info: { host: 'applink-fake-trailwatch' },
      });
      for (const socket of open) socket.send(message);
    },
    close: () => closeServer(server, open, pending),
  };
}

function eventCallback(
  appId: string,
  teamId: string,
  event: Record<string, unknown>,
): Record<string, unknown> {
  return {
    token: 'fake-verification-token',
    team_id: teamId,
    api_app_id: appId,
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
  };
}

function closeServer(
  server: WebSocketServer,
  open: Set<WebSocket>,
  pending: Map<string, Pending>,
): Promise<void> {
  for (const [id, waiting] of pending) {
    clearTimeout(waiting.timer);
    waiting.reject(new Error(`fake Socket Mode closed before envelope ${id} was acked`));
  }
  pending.clear();
  for (const socket of open) socket.terminate();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
