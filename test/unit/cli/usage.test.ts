import { describe, expect, it } from 'vitest';
import { usageLine } from '../../../src/base-command.js';

describe('usage errors on one line', () => {
  it("names the missing argument oclif lists on the next line", () => {
    expect(usageLine('Missing 1 required arg:\nfile  Snapshot file to restore\nSee more help with --help')).toBe('missing required argument: file');
    expect(usageLine('Missing 2 required args:\nsource  From\ntarget  To\nSee more help with --help')).toBe('missing required arguments: source, target');
  });

  it('reads extra words after a command as what they are', () => {
    expect(usageLine('command version:extra not found')).toBe('unknown command "version extra": a mistyped command, or arguments the command does not take');
  });

  it('keeps a one-line message as it is, without the help footer', () => {
    expect(usageLine('Nonexistent flag: --nope\nSee more help with --help')).toBe('Nonexistent flag: --nope');
    expect(usageLine('Expected --output=foo to be one of: table, json')).toBe('Expected --output=foo to be one of: table, json');
  });
});
