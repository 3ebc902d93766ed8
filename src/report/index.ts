import yaml from 'js-yaml';
import type { DiagnoseResult } from '../engine/run.js';
import { renderHuman } from './human.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { toReport } from './model.js';

export const OUTPUT_FORMATS = ['human', 'json', 'yaml', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The report in the format asked for; every renderer is a pure function of the result. */
export function renderReport(result: DiagnoseResult, format: OutputFormat, generatorVersion: string): string {
  switch (format) {
    case 'human':
      return renderHuman(result);
    case 'json':
      return `${JSON.stringify(toReport(result, generatorVersion), null, 2)}\n`;
    case 'yaml':
      return yaml.dump(toReport(result, generatorVersion), { lineWidth: -1, noRefs: true });
    case 'junit':
      return renderJunit(result);
    case 'markdown':
      return renderMarkdown(result);
  }
}
