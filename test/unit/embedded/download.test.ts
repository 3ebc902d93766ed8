import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadVerified, parseChecksumFile } from '../../../src/embedded/download.js';
import { FIXTURES } from '../../helpers/snapshot.js';

const payload = readFileSync(path.join(FIXTURES, 'download/tool'));
const digest = createHash('sha256').update(payload).digest('hex');

let server: Server;
let base: string;

beforeAll(async () => {
  // a release server on loopback: the binary, a right checksum and a wrong one
  server = createServer((req, res) => {
    if (req.url === '/v1/tool') return res.end(payload);
    if (req.url === '/v1/tool.sha256') return res.end(`${digest}\n`);
    if (req.url === '/v1/SHA256SUMS') return res.end(`${'0'.repeat(64)}  other\n${digest}  tool\n`);
    if (req.url === '/bad/tool') return res.end(payload);
    if (req.url === '/bad/tool.sha256') return res.end(`${'f'.repeat(64)}  tool\n`);
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('release download', () => {
  it('keeps the file only after its sha256 matches the published checksum', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-dl-'));
    const dest = path.join(dir, 'tool');
    await expect(downloadVerified(`${base}/v1/tool`, `${base}/v1/tool.sha256`, dest)).resolves.toBe(digest);
    expect(readFileSync(dest)).toEqual(payload);
    expect(statSync(dest).mode & 0o111).not.toBe(0);
  });

  it('reads the digest for the right file from a SHA256SUMS list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-dl-'));
    await expect(downloadVerified(`${base}/v1/tool`, `${base}/v1/SHA256SUMS`, path.join(dir, 'tool'))).resolves.toBe(digest);
  });

  it('refuses a file whose checksum does not match and leaves nothing behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-dl-'));
    const dest = path.join(dir, 'tool');
    await expect(downloadVerified(`${base}/bad/tool`, `${base}/bad/tool.sha256`, dest)).rejects.toMatchObject({ code: 'checksum-mismatch', exitCode: 7 });
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says which URL failed when the server has no such file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k8sdoc-dl-'));
    await expect(downloadVerified(`${base}/missing/tool`, `${base}/missing/tool.sha256`, path.join(dir, 'tool'))).rejects.toThrow(/missing\/tool\.sha256: HTTP 404/);
  });

  it('parses bare digests and `digest  name` lines', () => {
    expect(parseChecksumFile(`${digest}\n`, 'anything')).toBe(digest);
    expect(parseChecksumFile(`${'a'.repeat(64)}  etcd-v3.6.8-linux-arm64.tar.gz\n${digest}  etcd-v3.6.8-linux-amd64.tar.gz\n`, 'etcd-v3.6.8-linux-amd64.tar.gz')).toBe(digest);
    expect(parseChecksumFile('not a checksum', 'tool')).toBeUndefined();
  });
});
