import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { K8sdocError, messageOf, usageError } from '../errors.js';
import { R } from '../kube/resources.js';
import type { KnownResource } from '../kube/resources.js';
import type { KubeObject } from '../kube/types.js';
import type { MissingInput, Snapshot } from '../engine/types.js';
import { clientVersion } from '../version.js';

/**
 * A dump is a snapshot on disk: one JSON array per kind under resources/, the extras in
 * extras.json, and manifest.json written last, so a dump cut short is never mistaken for one.
 */
export const DUMP_FORMAT = 1;
export const MANIFEST_FILE = 'manifest.json';
const EXTRAS_FILE = 'extras.json';
const RESOURCES_DIR = 'resources';
/** Objects serialized per write: bounds the size of one string on 20,000-pod clusters. */
const WRITE_BATCH = 500;

const KNOWN_RESOURCES = Object.keys(R) as [KnownResource, ...KnownResource[]];

const ManifestSchema = z.object({
  kind: z.literal('k8sdoc-dump'),
  format: z.number().int(),
  k8sdocVersion: z.string(),
  collectedAt: z.string(),
  source: z.string(),
  namespace: z.string().nullable(),
  labelSelector: z.string().optional(),
  resources: z.array(z.object({ resource: z.enum(KNOWN_RESOURCES), file: z.string(), count: z.number().int() })),
  extras: z.array(z.string()),
  missing: z.array(z.object({ input: z.string(), permission: z.string(), reason: z.string() })),
});

export type DumpManifest = z.infer<typeof ManifestSchema>;

export interface DumpInfo {
  k8sdocVersion: string;
  labelSelector?: string | undefined;
}

/** Refuses anything but a missing or empty folder: a dump never overwrites a user's files. */
export function assertDumpTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new K8sdocError('dump-target-exists', `${dir} exists and is not a folder`, { exit: 'conflict', hint: 'name a new or empty folder for the dump' });
  }
  if (readdirSync(dir).length > 0) {
    throw new K8sdocError('dump-target-not-empty', `${dir} is not empty; k8sdoc never overwrites existing files`, { exit: 'conflict', hint: 'name a new or empty folder for the dump' });
  }
}

async function writeNewFile(file: string, chunks: Iterable<string>): Promise<number> {
  // 'wx': never replace a file; 0600: a dump describes the cluster and is not for other local users
  const handle = await open(file, 'wx', 0o600);
  let bytes = 0;
  try {
    for (const chunk of chunks) {
      const { bytesWritten } = await handle.write(chunk);
      bytes += bytesWritten;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

function* jsonArray(items: readonly KubeObject[]): Generator<string> {
  yield '[';
  for (let start = 0; start < items.length; start += WRITE_BATCH) {
    const batch = items.slice(start, start + WRITE_BATCH).map((item) => JSON.stringify(item));
    yield `${start === 0 ? '\n' : ',\n'}${batch.join(',\n')}`;
  }
  yield '\n]\n';
}

/** Writes a snapshot to a new (or empty) folder; returns the bytes written. */
export async function writeDump(dir: string, snapshot: Snapshot, info: DumpInfo): Promise<{ bytes: number; manifest: DumpManifest }> {
  assertDumpTarget(dir);
  await mkdir(path.join(dir, RESOURCES_DIR), { recursive: true, mode: 0o700 });
  let bytes = 0;
  const resources: DumpManifest['resources'] = [];
  for (const [resource, items] of Object.entries(snapshot.resources) as [KnownResource, KubeObject[]][]) {
    const file = `${RESOURCES_DIR}/${resource}.json`;
    bytes += await writeNewFile(path.join(dir, file), jsonArray(items));
    resources.push({ resource, file, count: items.length });
  }
  bytes += await writeNewFile(path.join(dir, EXTRAS_FILE), [JSON.stringify(snapshot.extras, null, 1)]);
  const manifest: DumpManifest = {
    kind: 'k8sdoc-dump',
    format: DUMP_FORMAT,
    k8sdocVersion: info.k8sdocVersion,
    collectedAt: snapshot.collectedAt,
    source: snapshot.source,
    namespace: snapshot.namespace ?? null,
    ...(info.labelSelector ? { labelSelector: info.labelSelector } : {}),
    resources,
    extras: Object.keys(snapshot.extras),
    missing: snapshot.missing,
  };
  bytes += await writeNewFile(path.join(dir, MANIFEST_FILE), [`${JSON.stringify(manifest, null, 2)}\n`]);
  return { bytes, manifest };
}

function notADump(dir: string, why: string): K8sdocError {
  return usageError(`${dir} is not a k8sdoc dump: ${why}`, 'pass a folder written by `k8sdoc dump DIR`');
}

function damaged(dir: string, file: string, why: string): K8sdocError {
  return new K8sdocError('dump-damaged', `dump ${dir} is damaged: ${file} ${why}`, { exit: 'data', hint: 'take the dump again with `k8sdoc dump DIR`' });
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.join(dir, file), 'utf8');
  } catch (error) {
    throw damaged(dir, file, `cannot be read (${messageOf(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw damaged(dir, file, 'is not valid JSON');
  }
}

/** Reads a dump back into the snapshot it was written from. */
export function readDump(dir: string): { snapshot: Snapshot; manifest: DumpManifest } {
  if (!existsSync(dir)) throw usageError(`dump folder ${dir} does not exist`, 'pass a folder written by `k8sdoc dump DIR`');
  if (!statSync(dir).isDirectory()) throw notADump(dir, 'it is a file, not a folder');
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw notADump(dir, `there is no ${MANIFEST_FILE}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    throw notADump(dir, `${MANIFEST_FILE} is not JSON`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notADump(dir, `${MANIFEST_FILE} ${issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'is invalid'}`);
  }
  const manifest = parsed.data;
  if (manifest.format > DUMP_FORMAT) {
    // the k8sdoc that wrote it is the one known to read it (this one may be that version, built before the format changed)
    throw usageError(`dump ${dir} has format ${manifest.format}, newer than this k8sdoc ${clientVersion().k8sdoc} reads (format ${DUMP_FORMAT})`, `read it with the k8sdoc that wrote it${manifest.k8sdocVersion && manifest.k8sdocVersion !== clientVersion().k8sdoc ? ` (${manifest.k8sdocVersion})` : ''}, or a newer release`);
  }
  const resources: Snapshot['resources'] = {};
  for (const entry of manifest.resources) {
    const items = readJson(dir, entry.file);
    if (!Array.isArray(items)) throw damaged(dir, entry.file, 'is not a JSON array');
    if (items.length !== entry.count) throw damaged(dir, entry.file, `holds ${items.length} objects, the manifest says ${entry.count}`);
    // checks read metadata of every object: anything else is damage, found here rather than as a crash inside a check
    const bad = items.findIndex((item: unknown) => typeof (item as KubeObject | null)?.metadata?.name !== 'string');
    if (bad !== -1) throw damaged(dir, entry.file, `item ${bad} is not a Kubernetes object (${JSON.stringify(items[bad])?.slice(0, 40) ?? 'undefined'} has no metadata.name)`);
    resources[entry.resource] = items as KubeObject[];
  }
  const extras = readJson(dir, EXTRAS_FILE);
  if (typeof extras !== 'object' || extras === null || Array.isArray(extras)) throw damaged(dir, EXTRAS_FILE, 'is not a JSON object');
  const snapshot: Snapshot = {
    format: 1,
    collectedAt: manifest.collectedAt,
    source: manifest.source,
    namespace: manifest.namespace ?? undefined,
    resources,
    extras: extras as Snapshot['extras'],
    missing: manifest.missing as MissingInput[],
  };
  return { snapshot, manifest };
}
