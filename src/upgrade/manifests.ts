import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import yaml from 'js-yaml';
import { K8sdocError, messageOf, usageError } from '../errors.js';
import type { ApiUse, ApiUseSource } from './types.js';

interface ManifestHead {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  items?: unknown;
}

/**
 * The apiVersion, kind and name of every object in a multi-document YAML (or JSON) text; `List`
 * documents are opened. Only these fields are kept: manifests and Helm releases carry values
 * (Secrets, passwords in env) that must never reach a report.
 */
export function manifestUses(text: string, source: ApiUseSource, where: string, defaultNamespace?: string): ApiUse[] {
  const uses: ApiUse[] = [];
  const visit = (doc: unknown, index: number): void => {
    if (!doc || typeof doc !== 'object') return;
    const head = doc as ManifestHead;
    if (Array.isArray(head.items) && typeof head.kind === 'string' && head.kind.endsWith('List')) {
      for (const item of head.items) visit(item, index);
      return;
    }
    if (typeof head.apiVersion !== 'string' || typeof head.kind !== 'string') return;
    const namespace = typeof head.metadata?.namespace === 'string' ? head.metadata.namespace : defaultNamespace;
    uses.push({
      apiVersion: head.apiVersion,
      kind: head.kind,
      name: typeof head.metadata?.name === 'string' ? head.metadata.name : '(unnamed)',
      namespace,
      source,
      where: `${where} (document ${index + 1})`,
    });
  };
  yaml.loadAll(text, undefined, { json: true }).forEach((doc, index) => visit(doc, index));
  return uses;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function manifestFiles(target: string): string[] {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) throw usageError(`--file ${target} does not exist`, 'pass a manifest file or a folder of them');
  if (stat.isFile()) return [target];
  return readdirSync(target, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name)))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** API uses in manifest files and folders (searched recursively for .yaml, .yml, .json). */
export function fileUses(targets: readonly string[]): ApiUse[] {
  return targets.flatMap(manifestFiles).flatMap((file) => {
    try {
      return manifestUses(readFileSync(file, 'utf8'), 'file', `file ${file}`);
    } catch (error) {
      throw new K8sdocError('bad-manifest', `cannot read ${file} as YAML: ${messageOf(error).split('\n')[0] ?? ''}`, { exit: 'usage', hint: 'fix the file or leave it out of --file' });
    }
  });
}

const GZIP_MAGIC = [0x1f, 0x8b];

const isGzip = (data: Buffer): boolean => data[0] === GZIP_MAGIC[0] && data[1] === GZIP_MAGIC[1];

/**
 * A Helm v3 release as its Secret stores it: the Secret's data is base64 (the API's encoding) of
 * Helm's own base64 of a gzipped JSON release. Decoded in memory only.
 */
export function decodeHelmRelease(data: string): { name?: string; namespace?: string; version?: number; manifest?: string } {
  let bytes = Buffer.from(data, 'base64');
  if (!isGzip(bytes)) bytes = Buffer.from(bytes.toString('utf8'), 'base64');
  const json = isGzip(bytes) ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(json) as { name?: string; namespace?: string; version?: number; manifest?: string };
}

/** API uses in one Helm release Secret's data.release. */
export function helmReleaseUses(secretNamespace: string, secretName: string, data: string): ApiUse[] {
  const release = decodeHelmRelease(data);
  const namespace = release.namespace ?? secretNamespace;
  const where = `helm release ${namespace}/${release.name ?? secretName} revision ${release.version ?? '?'} (secret ${secretName})`;
  return manifestUses(release.manifest ?? '', 'helm', where, namespace);
}
