import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import buildWordCount from '../../examples/topologies/word-count.js';
import windowedJoin from '../../examples/topologies/windowed-join.js';

describe('examples/topologies', function () {
  this.timeout(60000);

  it('word-count.ts builds the same topology as examples/word-count (two sub-topologies, one store)', () => {
    const subs = buildWordCount().subTopologies();
    expect(subs.map((s) => s.sources.flatMap((n) => n.topics))).to.deep.equal([['lines'], ['word-counts-store-repartition']]);
    expect(subs[1].stores.map((s) => s.name)).to.deep.equal(['word-counts-store']);
  });

  it('windowed-join.ts exports a builder factory whose topology joins two streams in windows', () => {
    const [sub] = windowedJoin().build().subTopologies();
    expect(sub.stores.map((s) => s.kind)).to.deep.equal(['window', 'window', 'window']);
  });

  it('runs through npm run example and prints both trees', () => {
    const res = spawnSync('npm', ['run', '--silent', 'example', '--', 'topologies'], { encoding: 'utf8' });
    expect(res.status, res.stderr).to.equal(0);
    expect(res.stdout).to.include('word-count (examples/topologies/word-count.ts):').and.include('windowed join (examples/topologies/windowed-join.ts):');
    expect(res.stdout).to.include('└─ processor KSTREAM-MERGE-0000000006 (see above)');
  });
});
