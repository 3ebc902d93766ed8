import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';

/** The client certificate that DNS over TLS (RFC 7858) with mTLS asks of a client: the embedded CoreDNS's. */
export interface DotTls {
  ca: string;
  cert: string;
  key: string;
}

export interface DotAnswer {
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED... as the server answered */
  rcode: string;
  addresses: string[];
}

/** Errors in the shape Node's resolver gives them (`code`), so one mapping serves both paths. */
function dnsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** One A query over TLS to HOST:PORT: length-prefixed DNS messages on one connection. */
export async function resolve4Tls(server: string, name: string, tls: DotTls, timeoutMs: number): Promise<DotAnswer> {
  const [host = '127.0.0.1', port = '853'] = server.split(':');
  const query = dnsPacket.streamEncode({ type: 'query', id: Math.floor(Math.random() * 65_535), flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] });
  return await new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key), servername: 'localhost' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(dnsError('ETIMEOUT', `no answer from ${server} within ${timeoutMs}ms`));
    }, timeoutMs);
    let received = Buffer.alloc(0);
    socket.once('secureConnect', () => socket.write(query));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      clearTimeout(timer);
      socket.end();
      const packet = dnsPacket.streamDecode(received) as ReturnType<typeof dnsPacket.streamDecode> & { rcode?: string };
      const addresses = (packet.answers ?? []).filter((a: Answer) => a.type === 'A').map((a) => String((a as { data: unknown }).data));
      resolve({ rcode: packet.rcode ?? 'NOERROR', addresses });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(dnsError(error.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'ETLS', error.message));
    });
  });
}

const RCODE_ERRORS: Record<string, string> = { NXDOMAIN: 'ENOTFOUND', SERVFAIL: 'ESERVFAIL', REFUSED: 'EREFUSED' };

/** resolve4 as Node's Resolver has it (addresses, or an error with the same codes), over TLS. */
export async function resolve4OverTls(server: string, name: string, tls: DotTls, timeoutMs: number): Promise<string[]> {
  const answer = await resolve4Tls(server, name, tls, timeoutMs);
  const code = RCODE_ERRORS[answer.rcode];
  if (code) throw dnsError(code, `${answer.rcode} for ${name}`);
  if (answer.rcode !== 'NOERROR') throw dnsError('EDNS', `${answer.rcode} for ${name}`);
  if (answer.addresses.length === 0) throw dnsError('ENODATA', `no A record for ${name}`);
  return answer.addresses;
}
