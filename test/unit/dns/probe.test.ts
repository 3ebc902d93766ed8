import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, probeDirect, probeNames } from '../../../src/dns/probe.js';

type Answer = { a: string } | 'nxdomain' | 'servfail' | 'refused' | 'drop';

/**
 * A DNS responder on 127.0.0.1 answering A queries from a table: the part of CoreDNS the
 * direct probe talks to, so each failure class can be produced on demand.
 */
function dnsServer(table: Record<string, Answer>): Promise<{ socket: Socket; address: string }> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const labels: string[] = [];
    let at = 12;
    for (let length = query[at] ?? 0; length > 0; length = query[at] ?? 0) {
      labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
      at += length + 1;
    }
    const question = query.subarray(12, at + 5);
    const answer = table[labels.join('.').toLowerCase()] ?? 'nxdomain';
    if (answer === 'drop') return;
    const rcode = answer === 'nxdomain' ? 3 : answer === 'servfail' ? 2 : answer === 'refused' ? 5 : 0;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(typeof answer === 'object' ? 1 : 0, 6);
    const record = typeof answer === 'object' ? Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, ...answer.a.split('.').map(Number)]) : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, record]), peer.port, peer.address);
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, address: `127.0.0.1:${(socket.address() as AddressInfo).port}` })));
}

const names = probeNames('cluster.local', '10.96.0.1');
const [mustExist, mustNotExist] = names as [(typeof names)[0], (typeof names)[1]];
const sockets: Socket[] = [];
const serve = async (table: Record<string, Answer>): Promise<string> => {
  const server = await dnsServer(table);
  sockets.push(server.socket);
  return server.address;
};
afterAll(() => sockets.forEach((s) => s.close()));

describe('the direct DNS probe', () => {
  let healthy: string;
  beforeAll(async () => {
    healthy = await serve({ [mustExist.name]: { a: '10.96.0.1' } });
  });

  it('passes when the cluster name answers the kubernetes Service IP and the other gets NXDOMAIN, with timings', async () => {
    const probe = await probeDirect(healthy, names, 2000);
    expect(probe.lookups.map((l) => [l.name, l.ok, l.answers])).toEqual([
      ['kubernetes.default.svc.cluster.local', true, ['10.96.0.1']],
      ['k8sdoc-must-not-exist.default.svc.cluster.local', true, []],
    ]);
    expect(probe.lookups.every((l) => typeof l.ms === 'number' && l.ms < 2000)).toBe(true);
  });

  it('classifies each way a lookup can fail', async () => {
    const server = await serve({ [mustExist.name]: 'servfail', [mustNotExist.name]: { a: '203.0.113.7' } });
    const probe = await probeDirect(server, names, 2000);
    expect(probe.lookups.map((l) => l.failure)).toEqual(['servfail', 'resolved']);

    const wrong = await probeDirect(await serve({ [mustExist.name]: { a: '10.0.0.99' } }), names, 2000);
    expect(wrong.lookups[0]).toMatchObject({ ok: false, failure: 'wrong-answer', answers: ['10.0.0.99'] });

    const missing = await probeDirect(await serve({}), names, 2000);
    expect(missing.lookups[0]).toMatchObject({ ok: false, failure: 'nxdomain' });

    const refused = await probeDirect(await serve({ [mustExist.name]: 'refused', [mustNotExist.name]: 'refused' }), names, 2000);
    expect(refused.lookups.map((l) => l.failure)).toEqual(['refused', 'refused']);
  });

  it('times out on a server that never answers', async () => {
    const silent = await serve({ [mustExist.name]: 'drop', [mustNotExist.name]: 'drop' });
    const probe = await probeDirect(silent, names, 300);
    expect(probe.lookups.map((l) => l.failure)).toEqual(['timeout', 'timeout']);
  });

  it('reports a port where nothing listens as refused', async () => {
    const server = await serve({});
    const closed = sockets.pop();
    await new Promise<void>((resolve) => closed?.close(resolve));
    const probe = await probeDirect(server, names, 1000);
    expect(probe.lookups.map((l) => l.failure)).toEqual(['refused', 'refused']);
  });
});

describe('judging an answer', () => {
  it('accepts any address when the expected one is unknown', () => {
    expect(judge({ name: 'kubernetes.default.svc.cluster.local', expect: [] }, ['10.0.0.1'], undefined).ok).toBe(true);
  });

  it('counts an empty answer for a name that must exist as no-answer', () => {
    expect(judge(mustExist, [], undefined).failure).toBe('no-answer');
  });
});
