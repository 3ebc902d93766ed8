import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { execInPod } from '../../../src/kube/exec.js';
import type { ExecRequest } from '../../../src/kube/exec.js';
import { FIXTURES } from '../../helpers/snapshot.js';
import { TEST_CA, clientFor } from './fake-server.js';
import { failureOf } from '../../helpers/errors.js';

/**
 * A scripted exec endpoint speaking the remote-command protocol over WebSocket
 * (v5.channel.k8s.io): each test decides what the "apiserver" sends on which channel.
 */
type Script = (send: (channel: number, data: string) => void, close: () => void, request: IncomingMessage) => void;

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One unmasked binary frame (server to client), the channel number as its first byte. */
function frame(channel: number, data: string): Buffer {
  const payload = Buffer.concat([Buffer.from([channel]), Buffer.from(data)]);
  const length = payload.length < 126 ? Buffer.from([payload.length]) : Buffer.from([126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([0x82]), length, payload]);
}

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

async function execServer(script: Script | { refuse: number }): Promise<string> {
  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: TEST_CA, key: readFileSync(path.join(FIXTURES, 'kubeconfig', 'tls', 'server.key')) });
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    if ('refuse' in script) {
      const body = JSON.stringify({ kind: 'Status', status: 'Failure', code: script.refuse });
      socket.end(`HTTP/1.1 ${script.refuse} Refused\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    const accept = createHash('sha1').update(`${String(request.headers['sec-websocket-key'])}${WS_GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`);
    socket.on('data', () => undefined);
    script(
      (channel, data) => socket.write(frame(channel, data)),
      () => socket.end(Buffer.from([0x88, 0x00])),
      request,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeServer = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const request = (extra: Partial<ExecRequest> = {}): ExecRequest => ({ namespace: 'kube-system', pod: 'etcd-cp-1', container: 'etcd', command: ['etcdctl', 'alarm', 'list'], timeoutMs: 2000, ...extra });

describe('exec into a pod over WebSocket', () => {
  it('collects stdout and stderr and reads the exit code from the status channel', async () => {
    let asked = '';
    const url = await execServer((send, close, req) => {
      asked = req.url ?? '';
      send(1, '{"alarms":[]}');
      send(2, 'a warning');
      send(3, JSON.stringify({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } }));
      close();
    });
    const client = clientFor(url, { caData: TEST_CA });
    expect(await execInPod(client, request())).toEqual({ stdout: '{"alarms":[]}', stderr: 'a warning', exitCode: 2 });
    expect(asked).toMatch(/^\/api\/v1\/namespaces\/kube-system\/pods\/etcd-cp-1\/exec\?/);
    const query = new URLSearchParams(asked.split('?')[1]);
    expect(query.getAll('command')).toEqual(['etcdctl', 'alarm', 'list']);
    expect(query.get('container')).toBe('etcd');
    expect(query.get('stdin')).toBe('false');
    client.close();
  });

  it('maps a refused upgrade to the project\'s errors: 403 is exit 6 naming pods/exec, 404 exit 5', async () => {
    const client = clientFor(await execServer({ refuse: 403 }), { caData: TEST_CA });
    const forbidden = await failureOf(() => execInPod(client, request()));
    expect(forbidden.exitCode).toBe(ExitCode.forbidden);
    expect(forbidden.message).toContain('you may not create pods/exec in namespace kube-system');
    await closeServer?.();
    const gone = clientFor(await execServer({ refuse: 404 }), { caData: TEST_CA });
    expect((await failureOf(() => execInPod(gone, request()))).exitCode).toBe(ExitCode.notFound);
  });

  it('gives up after the timeout, and when the stream ends without a status (exit 3)', async () => {
    const client = clientFor(await execServer(() => undefined), { caData: TEST_CA });
    const slow = await failureOf(() => execInPod(client, request({ timeoutMs: 300 })));
    expect(slow.code).toBe('exec-timeout');
    expect(slow.exitCode).toBe(ExitCode.cluster);
    expect(slow.message).toBe('etcdctl in pod kube-system/etcd-cp-1 did not finish within 0.3s');
    await closeServer?.();
    const cut = clientFor(await execServer((send, close) => { send(1, 'partial'); close(); }), { caData: TEST_CA });
    expect((await failureOf(() => execInPod(cut, request()))).code).toBe('exec-no-status');
  });

  it('stops on the cancel signal (exit 130)', async () => {
    const client = clientFor(await execServer(() => undefined), { caData: TEST_CA });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failureOf(() => execInPod(client, request({ cancelSignal: controller.signal })))).exitCode).toBe(ExitCode.interrupted);
  });

  it('says the API server cannot be reached (exit 3)', async () => {
    const url = await execServer(() => undefined);
    await closeServer?.();
    const error = await failureOf(() => execInPod(clientFor(url, { caData: TEST_CA }), request()));
    expect(error.exitCode).toBe(ExitCode.cluster);
    expect(error.message).toContain('connection refused');
  });
});
