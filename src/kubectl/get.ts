import { K8sdocError, usageError } from '../errors.js';
import type { KubeClient, ListOptions } from '../kube/client.js';
import type { ApiResource } from '../kube/discovery.js';
import { ApiError } from '../kube/http.js';
import type { KubeObject, TableColumnDefinition, TableRow } from '../kube/types.js';
import { age } from '../util/time.js';
import { ListWriter, toJson, toYaml } from './output.js';
import { redactSecret } from './redact.js';
import type { StructuredFormat } from './output.js';
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
  /** print Secret values and their last-applied annotation (redacted by default) */
  showSecrets?: boolean;
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
function printable(object: KubeObject, resource: ApiResource, request: GetRequest): KubeObject {
  const { managedFields: _managedFields, ...trimmed } = object.metadata;
  const metadata = request.showManagedFields ? object.metadata : trimmed;
  const shown = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object, metadata };
  const secret = resource.group === '' && resource.resource === 'secrets';
  return secret && !request.showSecrets ? redactSecret(shown) : shown;
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
    await new GetRun(client, request, resolved, output).print();
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && (request.labelSelector || request.fieldSelector)) {
      throw new K8sdocError('invalid-selector', error.message, { exit: 'usage', hint: 'check the selector syntax, e.g. -l app=web,tier!=db or --field-selector status.phase=Running', cause: error });
    }
    throw error;
  }
}

/** One `get` run: reads what was asked for and prints it in the requested form. */
class GetRun {
  private readonly now: Date;
  /** named objects that do not exist, reported after everything else is printed */
  private readonly missing: string[] = [];

  constructor(
    private readonly client: KubeClient,
    private readonly request: GetRequest,
    private readonly resolved: Resolved[],
    private readonly output: Output,
  ) {
    this.now = request.now ?? new Date();
  }

  async print(): Promise<void> {
    if (this.request.output === 'json' || this.request.output === 'yaml') await this.structured(this.request.output);
    else if (this.request.output === 'name') await this.names();
    else await this.tables(this.request.output === 'wide');
    if (this.missing.length > 0) {
      const where = this.request.namespace && this.resolved.some((r) => r.resource.namespaced) ? ` in namespace ${this.request.namespace}` : '';
      throw new K8sdocError('not-found', `${this.missing.join(', ')} not found${where}`, { exit: 'notFound', hint: 'check the name and the namespace (-n); `k8sdoc get TYPE` lists what exists' });
    }
  }

  private namespaceOf(resource: ApiResource): string | undefined {
    return resource.namespaced ? this.request.namespace : undefined;
  }

  private listOptions(resource: ApiResource): ListOptions {
    const { labelSelector, fieldSelector, chunkSize } = this.request;
    return { namespace: this.namespaceOf(resource), labelSelector, fieldSelector, ...(chunkSize ? { limit: chunkSize } : {}) };
  }

  /** Reads one named object, or records it as missing. */
  private async read<T>(resource: ApiResource, name: string, fetch: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fetch();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.missing.push(`${resource.resource}${resource.group ? `.${resource.group}` : ''} "${name}"`);
        return undefined;
      }
      throw error;
    }
  }

  private object(resource: ApiResource, name: string): Promise<KubeObject | undefined> {
    return this.read(resource, name, () => this.client.get(resource, name, this.namespaceOf(resource)));
  }

  /** -o json|yaml: one named object as itself, anything else as a List streamed item by item. */
  private async structured(format: StructuredFormat): Promise<void> {
    const show = (object: KubeObject, resource: ApiResource): KubeObject => printable(object, resource, this.request);
    const [first] = this.resolved;
    const single = this.resolved.length === 1 && first?.names.length === 1;
    if (single && first) {
      const object = await this.object(first.resource, first.names[0] as string);
      if (object) this.output.out(format === 'json' ? toJson(show(object, first.resource)) : toYaml(show(object, first.resource)));
      return;
    }
    const writer = new ListWriter(format, this.output.out);
    for (const { resource, names } of this.resolved) {
      if (names.length === 0) {
        for await (const page of this.client.listPages(resource, this.listOptions(resource))) for (const item of page.items) writer.add(show(item, resource));
      }
      for (const name of names) {
        const object = await this.object(resource, name);
        if (object) writer.add(show(object, resource));
      }
    }
    writer.end();
  }

  /** -o name: kind[.group]/name per line. */
  private async names(): Promise<void> {
    for (const { resource, names } of this.resolved) {
      const prefix = kindPrefix(resource);
      if (names.length === 0) {
        for await (const page of this.client.listPages(resource, this.listOptions(resource))) {
          if (page.items.length > 0) this.output.out(page.items.map((item) => `${prefix}/${item.metadata.name}\n`).join(''));
        }
      }
      for (const name of names) {
        const object = await this.object(resource, name);
        if (object) this.output.out(`${prefix}/${object.metadata.name}\n`);
      }
    }
  }

  /** Tables: kubectl's columns for the common kinds, the server's Table for the rest. */
  private async tables(wide: boolean): Promise<void> {
    const printer = new TablePrinter({ wide, noHeaders: this.request.noHeaders ?? false, showLabels: this.request.showLabels ?? false }, this.output.out);
    const multipleTypes = this.resolved.length > 1;
    for (const { resource, names } of this.resolved) {
      printer.startType();
      const withNamespace = this.request.namespace === undefined && resource.namespaced;
      const prefix = multipleTypes ? kindPrefix(resource) : undefined;
      const print = (chunk: Chunk): void => printer.print(chunk, withNamespace, prefix);
      const builtin = builtinPrinter(resource, wide);
      if (names.length === 0) {
        if (builtin) {
          for await (const page of this.client.listPages(resource, this.listOptions(resource))) print(chunkFromObjects(builtin, page.items, this.now));
        } else {
          for await (const page of this.client.tablePages(resource, this.listOptions(resource))) print(chunkFromTable(page.columns, page.rows, this.now));
        }
      }
      for (const name of names) {
        if (builtin) {
          const object = await this.object(resource, name);
          if (object) print(chunkFromObjects(builtin, [object], this.now));
        } else {
          const table = await this.read(resource, name, () => this.client.getTable(resource, name, this.namespaceOf(resource)));
          if (table) print(chunkFromTable(table.columns, table.rows, this.now));
        }
      }
    }
    if (!printer.written && this.missing.length === 0) {
      const allNamespaced = this.request.namespace !== undefined && this.resolved.every((r) => r.resource.namespaced);
      this.output.note(allNamespaced ? `No resources found in ${this.request.namespace} namespace.` : 'No resources found');
    }
  }
}
