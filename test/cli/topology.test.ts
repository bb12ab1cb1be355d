import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { removeTmpDirs, runCli, tmpDataDir } from './run-cli.js';

describe('fjord topology', () => {
  after(removeTmpDirs);

  it('prints the tree of a module exporting a topology function and writes the Mermaid diagram', async () => {
    const file = path.join(tmpDataDir(), 'wc.mmd');
    const r = await runCli(['topology', 'examples/topologies/word-count.ts', '--mermaid', file]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('Sub-topology 1\n  source word-counts-store-repartition-source');
    expect(r.stdout).to.contain(`Mermaid diagram written to ${file}`);
    const diagram = fs.readFileSync(file, 'utf8');
    expect(diagram.startsWith('flowchart LR\n')).to.equal(true);
    expect(diagram).to.contain('s0[("word-counts-store")]');
  });

  it('builds the StreamsBuilder an exported function returns and prints JSON alone with --format json', async () => {
    const file = path.join(tmpDataDir(), 'join.md');
    const r = await runCli(['topology', 'examples/topologies/windowed-join.ts', '--format', 'json', '--mermaid', file]);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout) as { subtopologies: { stores: { name: string }[] }[] };
    expect(json.subtopologies[0].stores.map((s) => s.name)).to.include('clicks-per-minute');
    expect(fs.readFileSync(file, 'utf8')).to.match(/^```mermaid\nflowchart LR\n[\s\S]*```\n$/);
  });

  it('names internal topics with --application-id', async () => {
    const r = await runCli(['topology', 'examples/topologies/word-count.ts', '--application-id', 'word-count', '--ascii']);
    expect(r.stdout).to.contain('-> word-count-word-counts-store-repartition\n');
    expect(r.stdout).to.contain('(key-value, persistent, changelog word-count-word-counts-store-changelog)');
  });

  it("prints Kafka Streams' describe() with --format kafka", async () => {
    const r = await runCli(['topology', 'examples/topologies/word-count.ts', '--format', 'kafka']);
    expect(r.stdout.startsWith('Topologies:\n   Sub-topology: 0\n')).to.equal(true);
  });

  it('fails naming the module when it exports no topology, and the export when it is missing', async () => {
    const dir = tmpDataDir();
    const file = path.join(dir, 'none.mjs');
    fs.writeFileSync(file, 'export const answer = 42;\n');
    const none = await runCli(['topology', file]);
    expect([none.code, none.stderr]).to.deep.equal([1, `fjord: ${file}: no topology found; export a Topology, a StreamsBuilder or a function returning one, as default or as one of topology, buildTopology, builder\n`]);
    const missing = await runCli(['topology', file, '--export', 'orders']);
    expect([missing.code, missing.stderr]).to.deep.equal([1, `fjord: ${file} has no export named 'orders' (exports: answer)\n`]);
  });

  it('rejects an unknown --format as a usage error', async () => {
    const r = await runCli(['topology', 'examples/topologies/word-count.ts', '--format', 'svg']);
    expect([r.code, r.stderr]).to.deep.equal([2, "fjord: --format expects text, json, kafka, got 'svg'\n"]);
  });
});
