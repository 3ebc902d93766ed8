/**
 * Kubernetes resource quantities ("500m", "1Gi", "1e3") as plain numbers: cores for cpu, bytes
 * for memory and storage, counts for everything else.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// the exponent form is tried before the bare "E" (exa) suffix, so "1E3" is 1000 and "1E" is 10^18
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The value of a quantity, or undefined when it is missing or not a quantity. */
export function parseQuantity(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  const base = Number(number);
  if (exponent !== undefined) return base * 10 ** Number(exponent);
  return base * (suffix ? (SUFFIX[suffix] ?? 1) : 1);
}

const BINARY_UNITS: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

const trim = (value: number, digits: number): string => String(Number(value.toFixed(digits)));

/** Cores the way people write them: 4, 1.75, 500m. */
export function formatCpu(cores: number): string {
  if (Number.isInteger(cores)) return String(cores);
  if (Math.abs(cores) < 1) return `${Math.round(cores * 1000)}m`;
  return trim(cores, 3);
}

/** Bytes in binary units: 1Gi, 1.5Gi, 300Mi. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (Math.abs(bytes) >= size) return `${trim(bytes / size, 2)}${unit}`;
  }
  return trim(bytes, 0);
}

/** A quantity of a named resource (cpu, memory, requests.storage, pods, count/...). */
export function formatQuantity(resource: string, value: number): string {
  if (/(^|\.)cpu$/.test(resource)) return formatCpu(value);
  if (/memory|storage|hugepages/.test(resource)) return formatBytes(value);
  return trim(value, 3);
}
