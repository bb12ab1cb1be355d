import { expect } from 'chai';
import { GlobalKTable, Serdes, StreamsBuilder, Topology } from '../../../../core/streams/index.js';
import { drawTopologyMermaid, drawTopologyText, topologyToJson } from '../../../../core/streams/topology/draw.js';
import buildWordCount from '../../../../examples/topologies/word-count.js';
import windowedJoin from '../../../../examples/topologies/windowed-join.js';

describe('topology drawing', () => {
  describe('drawTopologyText', () => {
    it('draws word-count as two trees joined by the repartition topic, with the store listed', () => {
      expect(drawTopologyText(buildWordCount())).to.equal([
        'Sub-topology 0',
        '  source KSTREAM-SOURCE-0000000000 ← lines',
        '  └─ processor KSTREAM-FLATMAPVALUES-0000000001',
        '     └─ processor KSTREAM-KEY-SELECT-0000000002',
        '        └─ processor word-counts-store-repartition-filter',
        '           └─ sink word-counts-store-repartition-sink → <app>-word-counts-store-repartition',
        '',
        'Sub-topology 1',
        '  source word-counts-store-repartition-source ← <app>-word-counts-store-repartition',
        '  └─ processor KSTREAM-AGGREGATE-0000000003 [word-counts-store]',
        '     └─ processor KTABLE-TOSTREAM-0000000007',
        '        └─ sink KSTREAM-SINK-0000000008 → word-counts',
        '  stores:',
        '    word-counts-store (key-value, persistent, changelog)',
        '',
      ].join('\n'));
    });

    it('draws a node with two parents once and refers back to it from the second parent', () => {
      const text = drawTopologyText(windowedJoin().build());
      expect(text.match(/processor KSTREAM-MERGE-0000000006$/gm)).to.have.length(1);
      expect(text).to.contain('└─ processor KSTREAM-MERGE-0000000006 (see above)');
      expect(text).to.contain('clicks-per-minute (window, persistent, changelog, window 60000 ms, retention 86400000 ms)');
    });

    it('uses only ASCII when asked', () => {
      const text = drawTopologyText(buildWordCount(), { ascii: true });
      expect(text).to.match(/^[\x20-\x7e\n]*$/);
      expect(text).to.contain('`- sink KSTREAM-SINK-0000000008 -> word-counts');
    });

    it('draws the same from a TopologyDescription as from the Topology', () => {
      const t = buildWordCount();
      expect(drawTopologyText(t.describe())).to.equal(drawTopologyText(t));
    });

    it('marks a global store sub-topology and shows pattern sources and dynamic sinks', () => {
      const b = new StreamsBuilder();
      const customers: GlobalKTable<string, string> = b.globalTable<string, string>('customers', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
      b.stream<string, string>(/orders-.*/, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
        .joinGlobal(customers, (k) => k, (o, c) => `${o}/${c}`)
        .to(function byRegion(k: string) { return `out-${k}`; });
      const text = drawTopologyText(b.build());
      expect(text).to.match(/Sub-topology \d \(global store, no tasks\)/);
      expect(text).to.contain('← /orders-.*/');
      expect(text).to.contain('→ (dynamic: byRegion)');
    });

    it('lets the caller colour kinds, stores and headings without changing the layout', () => {
      const painted = drawTopologyText(buildWordCount(), { paint: (part, text) => `«${part}:${text}»` });
      expect(painted).to.contain('«heading:Sub-topology 1»');
      expect(painted).to.contain('└─ «processor:processor» KSTREAM-AGGREGATE-0000000003 [«store:word-counts-store»]');
      expect(painted).to.contain('  «source:source» KSTREAM-SOURCE-0000000000 ← lines');
      expect(painted.replace(/«[a-z]+:|»/g, '')).to.equal(drawTopologyText(buildWordCount()));
    });

    it('names internal topics and changelogs as the application will when given its id', () => {
      const text = drawTopologyText(buildWordCount(), { applicationId: 'wc' });
      expect(text).to.contain('→ wc-word-counts-store-repartition\n');
      expect(text).to.contain('← wc-word-counts-store-repartition\n');
      expect(text).to.contain('word-counts-store (key-value, persistent, changelog wc-word-counts-store-changelog)');
      expect(drawTopologyMermaid(buildWordCount(), { applicationId: 'wc' })).to.contain('t1[/"wc-word-counts-store-repartition"/]');
      expect(topologyToJson(buildWordCount(), { applicationId: 'wc' }).subtopologies[1].stores[0].changelogTopic).to.equal('wc-word-counts-store-changelog');
    });

    it('says so for an empty topology', () => {
      expect(drawTopologyText(new Topology())).to.equal('(empty topology)\n');
    });
  });

  describe('drawTopologyMermaid', () => {
    it('draws sub-topologies as subgraphs, topics outside them, and one shape per node kind', () => {
      const m = drawTopologyMermaid(buildWordCount());
      const lines = m.split('\n');
      expect(lines[0]).to.equal('flowchart LR');
      expect(lines).to.include('  subgraph sub0["Sub-topology 0"]');
      expect(lines).to.include('  subgraph sub1["Sub-topology 1"]');
      expect(lines).to.include('  t0[/"lines"/]');
      expect(lines).to.include('  t1[/"#lt;app#gt;-word-counts-store-repartition"/]');
      expect(lines).to.include('    n0(["KSTREAM-SOURCE-0000000000"])'); // source: stadium
      expect(lines).to.include('    n1["KSTREAM-FLATMAPVALUES-0000000001"]'); // processor: rectangle
      expect(lines).to.include('    n8[["KSTREAM-SINK-0000000008"]]'); // sink: subroutine
      expect(lines).to.include('    s0[("word-counts-store")]'); // store: cylinder
      // The repartition topic links the two sub-topologies; the store hangs off the aggregate.
      expect(lines).to.include.members(['  n4 --> t1', '  t1 --> n5', '  n6 -.- s0', '  n8 --> t2']);
      expect(m.endsWith('\n')).to.equal(true);
    });

    it('escapes quotes in names and gives every node a safe id', () => {
      const t = new Topology().addSource('src "a"', ['in put']).addSink('out', 'o', {}, 'src "a"');
      const m = drawTopologyMermaid(t);
      expect(m).to.contain('n0(["src #quot;a#quot;"])');
      expect(m).to.contain('t0[/"in put"/]');
    });
  });

  describe('topologyToJson', () => {
    it('lists nodes in reading order with their topics, edges and stores', () => {
      const json = topologyToJson(buildWordCount());
      expect(json.subtopologies.map((s) => s.id)).to.deep.equal([0, 1]);
      const sub1 = json.subtopologies[1];
      expect(sub1.nodes.map((n) => [n.kind, n.name, n.topics])).to.deep.equal([
        ['source', 'word-counts-store-repartition-source', ['<app>-word-counts-store-repartition']],
        ['processor', 'KSTREAM-AGGREGATE-0000000003', []],
        ['processor', 'KTABLE-TOSTREAM-0000000007', []],
        ['sink', 'KSTREAM-SINK-0000000008', ['word-counts']],
      ]);
      expect(sub1.stores).to.deep.equal([{ name: 'word-counts-store', kind: 'keyValue', persistent: true, changelog: true, global: false, windowSizeMs: null, retentionMs: null, changelogTopic: null }]);
      expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
    });
  });
});
