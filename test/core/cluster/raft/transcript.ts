/**
 * A tiny version of etcd's datadriven test format. A transcript is blocks of
 *
 *     command args...
 *     ----
 *     expected output (no blank lines)
 *     <blank line>
 *
 * run against a RaftHarness. `REWRITE=1 npx mocha ...` rewrites the files with the actual output
 * when behaviour changes on purpose (review the diff!).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { RaftHarness } from './harness.js';

export interface TranscriptBlock {
  readonly command: string;
  readonly expected: string;
  readonly line: number;
}

export function parseTranscript(text: string, file: string): TranscriptBlock[] {
  const lines = text.split('\n');
  const blocks: TranscriptBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    if (lines[i + 1] !== '----') throw new Error(`${file}:${i + 1}: command "${line}" must be followed by a "----" line`);
    const out: string[] = [];
    let j = i + 2;
    while (j < lines.length && lines[j]!.trim() !== '') out.push(lines[j++]!);
    blocks.push({ command: line, expected: out.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** Runs one command; returns its output (the messages delivered plus what the command prints). */
export function runCommand(h: RaftHarness | null, command: string): { harness: RaftHarness; output: string } {
  const [name, ...args] = command.split(/\s+/);
  const nums = args.map(Number);
  if (name === 'nodes') {
    const options: Record<string, number | boolean> = {};
    const ids: number[] = [];
    for (const a of args) {
      const [k, v] = a.split('=');
      if (v === undefined) ids.push(Number(k));
      else options[k!] = v === 'true' ? true : v === 'false' ? false : Number(v);
    }
    return { harness: new RaftHarness(ids, options), output: ids.map((id) => `node ${id} started`).join('\n') };
  }
  if (h === null) throw new Error(`"${command}" before "nodes"`);
  const before = h.trace.length;
  const extra: string[] = [];
  switch (name) {
    case 'campaign':
      h.node(nums[0]!).campaign();
      h.stabilize();
      break;
    case 'propose': {
      const index = h.propose(nums[0]!, args[1]!);
      extra.push(index === null ? 'dropped: not leader' : `index ${index}`);
      h.stabilize();
      break;
    }
    case 'tick':
      h.tick(nums[0]!, nums[1] ?? 1);
      h.stabilize();
      break;
    case 'tick-all':
      h.tickAll(nums[0] ?? 1);
      break;
    case 'isolate':
      h.isolate(nums);
      break;
    case 'heal':
      h.heal();
      break;
    case 'crash':
      h.crash(nums[0]!);
      break;
    case 'restart':
      h.restart(nums[0]!);
      break;
    case 'compact': {
      const node = h.node(nums[0]!);
      const data = new TextEncoder().encode(`state@${nums[1]}`);
      const snapshot = node.compact(nums[1]!, data);
      h.storages.get(nums[0]!)!.compact(snapshot);
      break;
    }
    case 'status':
      for (const id of h.ids) extra.push(h.statusLine(id));
      break;
    case 'log':
      for (const id of nums.length > 0 ? nums : h.ids) extra.push(`${id}: ${h.down.has(id) ? 'down' : h.logText(id)}`);
      break;
    case 'applied':
      for (const id of nums.length > 0 ? nums : h.ids) extra.push(`${id}: ${h.appliedText(id).join(' ')}`);
      break;
    default:
      throw new Error(`unknown transcript command "${name}"`);
  }
  const output = [...h.trace.slice(before), ...extra].join('\n');
  return { harness: h, output: output === '' ? 'ok' : output };
}

/** Runs a transcript file; returns mismatches (or rewrites the file when REWRITE=1). */
export function runTranscript(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const blocks = parseTranscript(text, path);
  let h: RaftHarness | null = null;
  const problems: string[] = [];
  const rewritten: string[] = [];
  const header = text.split('\n').filter((l, i, all) => l.startsWith('#') && all.slice(0, i).every((p) => p.startsWith('#')));
  for (const b of blocks) {
    const result = runCommand(h, b.command);
    h = result.harness;
    rewritten.push(`${b.command}\n----\n${result.output}\n`);
    if (result.output !== b.expected) {
      problems.push(`${path}:${b.line}: "${b.command}"\n--- expected\n${b.expected}\n--- actual\n${result.output}`);
    }
  }
  if (process.env['REWRITE'] === '1') {
    writeFileSync(path, `${header.length > 0 ? `${header.join('\n')}\n\n` : ''}${rewritten.join('\n')}`);
    return [];
  }
  return problems;
}
