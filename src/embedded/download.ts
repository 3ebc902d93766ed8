import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { K8sdocError, messageOf } from '../errors.js';

export interface DownloadOptions {
  /** per request, in milliseconds */
  timeoutMs?: number;
  onProgress?: (bytes: number, total: number | undefined) => void;
}

/** Reads the expected digest from a checksum file: a bare digest or `digest  filename` lines. */
export function parseChecksumFile(text: string, fileName: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const [digest, name] = line.split(/\s+/);
    if (!digest || !/^[a-f0-9]{64}$/i.test(digest)) continue;
    if (name === undefined || name.replace(/^\*/, '') === fileName || name.endsWith(`/${fileName}`)) return digest.toLowerCase();
  }
  return undefined;
}

async function get(url: string, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? messageOf(error);
    throw new K8sdocError('download-failed', `cannot download ${url}: ${cause}`, { exit: 'precondition', cause: error });
  }
  if (!response.ok) {
    throw new K8sdocError('download-failed', `cannot download ${url}: HTTP ${response.status}`, { exit: 'precondition' });
  }
  return response;
}

/**
 * Downloads a file and checks its sha256 against the published checksum before it is kept.
 * The file appears at `dest` only when it verified; a mismatch leaves nothing behind.
 */
export async function downloadVerified(url: string, sha256Url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const fileName = new URL(url).pathname.split('/').pop() ?? '';
  const expected = parseChecksumFile(await (await get(sha256Url, timeoutMs)).text(), fileName);
  if (!expected) {
    throw new K8sdocError('download-failed', `the checksum file ${sha256Url} has no sha256 for ${fileName}`, { exit: 'precondition' });
  }
  const response = await get(url, timeoutMs);
  const total = Number(response.headers.get('content-length')) || undefined;
  const hash = createHash('sha256');
  let bytes = 0;
  const partial = `${dest}.partial`;
  try {
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      options.onProgress?.(bytes, total);
    });
    await pipeline(body, createWriteStream(partial, { mode: 0o755 }));
  } catch (error) {
    await rm(partial, { force: true });
    throw new K8sdocError('download-failed', `download of ${url} broke off after ${bytes} bytes: ${messageOf(error)}`, { exit: 'precondition', cause: error });
  }
  const actual = hash.digest('hex');
  if (actual !== expected) {
    await rm(partial, { force: true });
    throw new K8sdocError('checksum-mismatch', `sha256 of ${url} is ${actual}, but ${sha256Url} says ${expected}`, {
      exit: 'data',
      hint: 'the download is corrupt or was tampered with; nothing was kept — retry, or provide the binaries with --bin-dir',
    });
  }
  await rename(partial, dest);
  return actual;
}
