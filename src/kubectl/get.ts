import { K8sdocError, usageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { ApiResource } from '../kube/discovery.js';
import { ApiError } from '../kube/http.js';
import type { KubeObject, TableColumnDefinition, TableRow } from '../kube/types.js';
import { age } from '../util/time.js';
import { ListWriter, toJson, toYaml } from './output.js';
import { builtinPrinter } from './printers.js';
import type { Printer } from './printers.js';
import { TABLE_LAYOUT, Tabwriter, cellText, formatLabels } from './table.js';

export const GET_OUTPUTS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type GetOutput = (typeof GET_OUTPUTS)[number];

export interface GetRequest {
  /** TYPE[,TYPE...] [NAME...], or TYPE/NAME... */
  args: string[];
  /** the namespace to read; undefined with -A */
  namespace: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  output: GetOutput;
  showLabels?: boolean;
  noHeaders?: boolean;
  /** keep metadata.managedFields in json/yaml (kubectl drops them unless asked) */
  showManagedFields?: boolean;
  /** page size of each LIST */
  chunkSize?: number;
  now?: Date;
}

export interface Output {
  /** result text for stdout */
  out(text: string): void;
  /** notes for stderr */
  note(text: string): void;
}

interface Target {
  type: string;
  names: string[];
}

/** kubectl's argument forms: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME [TYPE/NAME...]`. */
export function parseTargets(args: string[]): Target[] {
  const [first, ...rest] = args;
  if (first === undefined || first === '') {
    throw usageError('you must specify the type of resource to get', 'for example `k8sdoc get pods`; `k8sdoc api-resources` lists the types');
  }
  if (args.some((arg) => arg.includes('/'))) {
    const targets: Target[] = [];
    for (const arg of args) {
      const [type, name, extra] = arg.split('/');
      if (!type || !name || extra !== undefined) {
        throw usageError(`"${arg}" is not TYPE/NAME`, 'either give TYPE NAME... or only TYPE/NAME arguments, e.g. `k8sdoc get pod/web-1 svc/web`');
      }
      const existing = targets.find((t) => t.type === type);
      if (existing) existing.names.push(name);
      else targets.push({ type, names: [name] });
    }
    return targets;
  }
  return first
    .split(',')
    .filter((type) => type !== '')
    .map((type) => ({ type, names: rest }));
}

interface Resolved {
  resource: ApiResource;
  names: string[];
}

/** The lower-case kind[.group] prefix kubectl prints in `-o name` and in multi-type tables. */
export function kindPrefix(resource: Pick<ApiResource, 'kind' | 'group'>): string {
  return resource.group ? `${resource.kind.toLowerCase()}.${resource.group}` : resource.kind.toLowerCase();
}

function apiVersionOf(resource: ApiResource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

interface Chunk {
  columns: TableColumnDefinition[];
  rows: { cells: string[]; object: KubeObject | undefined }[];
}

function serverCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const DEFAULT_COLUMNS: TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name' },
  { name: 'Age', type: 'string' },
];

/** Server Table rows as text; a server that sent plain objects gets kubectl's NAME/AGE columns. */
function chunkFromTable(columns: TableColumnDefinition[], rows: TableRow[], now: Date): Chunk {
  if (columns.length === 0) {
    return {
      columns: DEFAULT_COLUMNS,
      rows: rows.map((row) => ({ cells: [row.object?.metadata.name ?? '', age(row.object?.metadata.creationTimestamp, now)], object: row.object })),
    };
  }
  return { columns, rows: rows.map((row) => ({ cells: row.cells.map(serverCell), object: row.object })) };
}

function chunkFromObjects(printer: Printer, objects: KubeObject[], now: Date): Chunk {
  return { columns: printer.columns, rows: objects.map((object) => ({ cells: printer.cells(object, now), object })) };
}

interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  showLabels: boolean;
}

/**
 * Prints the tables of one or more resource types as kubectl does: a header per type, a blank
 * line between types, NAMESPACE first with -A, LABELS last with --show-labels, and names as
 * kind/name when several types are printed.
 */
class TablePrinter {
  private readonly aligner = new Tabwriter(TABLE_LAYOUT, true);
  private headerDone = false;
  private pendingSeparator = false;
  written = false;

  constructor(
    private readonly options: TableOptions,
    private readonly out: (text: string) => void,
  ) {}

  startType(): void {
    this.aligner.reset();
    this.headerDone = false;
    this.pendingSeparator = this.written && !this.options.noHeaders;
  }

  print(chunk: Chunk, withNamespace: boolean, prefix: string | undefined): void {
    if (chunk.rows.length === 0) return;
    const visible = chunk.columns.flatMap((column, index) => (this.options.wide || !column.priority ? [index] : []));
    const nameColumn = prefix === undefined ? -1 : chunk.columns.findIndex((c) => c.format === 'name' && c.type === 'string');
    const lines: string[][] = [];
    if (!this.headerDone && !this.options.noHeaders) {
      const header = visible.map((index) => (chunk.columns[index]?.name ?? '').toUpperCase());
      lines.push([...(withNamespace ? ['NAMESPACE'] : []), ...header, ...(this.options.showLabels ? ['LABELS'] : [])]);
    }
    this.headerDone = true;
    for (const row of chunk.rows) {
      const cells = visible.map((index) => {
        const text = cellText(row.cells[index] ?? '');
        return index === nameColumn ? `${prefix}/${text}` : text;
      });
      lines.push([
        ...(withNamespace ? [row.object?.metadata.namespace ?? ''] : []),
        ...cells,
        ...(this.options.showLabels ? [formatLabels(row.object?.metadata.labels)] : []),
      ]);
    }
    const text = this.aligner.format(lines);
    this.out(this.pendingSeparator ? `\n${text}` : text);
    this.pendingSeparator = false;
    this.written = true;
  }
}

/** The object as -o json/yaml prints it: list items get the apiVersion and kind the API leaves out. */
function printable(object: KubeObject, resource: ApiResource, showManagedFields: boolean): KubeObject {
  const { managedFields: _managedFields, ...trimmed } = object.metadata;
  const metadata = showManagedFields ? object.metadata : trimmed;
  return { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object, metadata };
}

/**
 * `k8sdoc get`: lists or reads objects of any type discovery knows, printed as kubectl prints
 * them. LISTs are read page by page and printed as they arrive, so memory stays bounded on
 * large clusters.
 */
export async function runGet(client: KubeClient, request: GetRequest, output: Output): Promise<void> {
  const targets = parseTargets(request.args);
  const named = targets.some((t) => t.names.length > 0);
  if (named && request.labelSelector) throw usageError('names cannot be combined with a label selector (-l)', 'drop the names or the selector');

  const resolved: Resolved[] = [];
  for (const target of targets) {
    const resource = await client.resolveResource(target.type);
    const existing = resolved.find((r) => r.resource.group === resource.group && r.resource.resource === resource.resource);
    if (existing) existing.names.push(...target.names.filter((n) => !existing.names.includes(n)));
    else resolved.push({ resource, names: [...target.names] });
  }
  if (request.namespace === undefined && resolved.some((r) => r.resource.namespaced && r.names.length > 0)) {
    throw usageError('an object cannot be read by name across all namespaces (-A)', 'pass -n NAMESPACE instead of -A');
  }

  try {
    await print(client, request, resolved, output);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && (request.labelSelector || request.fieldSelector)) {
      throw new K8sdocError('invalid-selector', error.message, { exit: 'usage', hint: 'check the selector syntax, e.g. -l app=web,tier!=db or --field-selector status.phase=Running', cause: error });
    }
    throw error;
  }
}

async function print(client: KubeClient, request: GetRequest, resolved: Resolved[], output: Output): Promise<void> {
  const now = request.now ?? new Date();
  const missing: string[] = [];
  const list = { namespace: request.namespace, labelSelector: request.labelSelector, fieldSelector: request.fieldSelector, ...(request.chunkSize ? { limit: request.chunkSize } : {}) };
  const namespaceOf = (resource: ApiResource): string | undefined => (resource.namespaced ? request.namespace : undefined);

  /** Reads one named object, or records it as missing. */
  async function read<T>(resource: ApiResource, name: string, fetch: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fetch();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        missing.push(`${resource.resource}${resource.group ? `.${resource.group}` : ''} "${name}"`);
        return undefined;
      }
      throw error;
    }
  }

  if (request.output === 'json' || request.output === 'yaml') {
    const format = request.output;
    const show = (object: KubeObject, resource: ApiResource): KubeObject => printable(object, resource, request.showManagedFields ?? false);
    const single = resolved.length === 1 && resolved[0]?.names.length === 1;
    if (single) {
      const { resource, names } = resolved[0] as Resolved;
      const name = names[0] as string;
      const object = await read(resource, name, () => client.get(resource, name, namespaceOf(resource)));
      if (object) output.out(format === 'json' ? toJson(show(object, resource)) : toYaml(show(object, resource)));
    } else {
      const writer = new ListWriter(format, output.out);
      for (const { resource, names } of resolved) {
        if (names.length === 0) {
          for await (const page of client.listPages(resource, { ...list, namespace: namespaceOf(resource) })) {
            for (const item of page.items) writer.add(show(item, resource));
          }
        }
        for (const name of names) {
          const object = await read(resource, name, () => client.get(resource, name, namespaceOf(resource)));
          if (object) writer.add(show(object, resource));
        }
      }
      writer.end();
    }
  } else if (request.output === 'name') {
    for (const { resource, names } of resolved) {
      const prefix = kindPrefix(resource);
      if (names.length === 0) {
        for await (const page of client.listPages(resource, { ...list, namespace: namespaceOf(resource) })) {
          if (page.items.length > 0) output.out(page.items.map((item) => `${prefix}/${item.metadata.name}\n`).join(''));
        }
      }
      for (const name of names) {
        const object = await read(resource, name, () => client.get(resource, name, namespaceOf(resource)));
        if (object) output.out(`${prefix}/${object.metadata.name}\n`);
      }
    }
  } else {
    const wide = request.output === 'wide';
    const printer = new TablePrinter({ wide, noHeaders: request.noHeaders ?? false, showLabels: request.showLabels ?? false }, output.out);
    const multipleTypes = resolved.length > 1;
    for (const { resource, names } of resolved) {
      printer.startType();
      const withNamespace = request.namespace === undefined && resource.namespaced;
      const prefix = multipleTypes ? kindPrefix(resource) : undefined;
      const builtin = builtinPrinter(resource, wide);
      const ns = namespaceOf(resource);
      if (names.length === 0) {
        if (builtin) {
          for await (const page of client.listPages(resource, { ...list, namespace: ns })) printer.print(chunkFromObjects(builtin, page.items, now), withNamespace, prefix);
        } else {
          for await (const page of client.tablePages(resource, { ...list, namespace: ns })) printer.print(chunkFromTable(page.columns, page.rows, now), withNamespace, prefix);
        }
      }
      for (const name of names) {
        if (builtin) {
          const object = await read(resource, name, () => client.get(resource, name, ns));
          if (object) printer.print(chunkFromObjects(builtin, [object], now), withNamespace, prefix);
        } else {
          const table = await read(resource, name, () => client.getTable(resource, name, ns));
          if (table) printer.print(chunkFromTable(table.columns, table.rows, now), withNamespace, prefix);
        }
      }
    }
    if (!printer.written && missing.length === 0) {
      const allNamespaced = request.namespace !== undefined && resolved.every((r) => r.resource.namespaced);
      output.note(allNamespaced ? `No resources found in ${request.namespace} namespace.` : 'No resources found');
    }
  }

  if (missing.length > 0) {
    const where = request.namespace && resolved.some((r) => r.resource.namespaced) ? ` in namespace ${request.namespace}` : '';
    throw new K8sdocError('not-found', `${missing.join(', ')} not found${where}`, { exit: 'notFound', hint: 'check the name and the namespace (-n); `k8sdoc get TYPE` lists what exists' });
  }
}
