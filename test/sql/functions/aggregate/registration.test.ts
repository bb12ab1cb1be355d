import { expect } from 'chai';
import { builtinRegistry } from '../../../../sql/functions/index.js';
import { aggregateFunctions, tableSourceError } from '../../../../sql/functions/aggregate/index.js';
import { tableFunctions } from '../../../../sql/functions/table/index.js';
import { INTEGER, STRING } from './types.js';
import { col } from './helpers.js';

describe('aggregate and table function registration', () => {
  const registry = builtinRegistry();

  it('registers every aggregate and table function under its kind, case-insensitively', () => {
    for (const f of aggregateFunctions) expect(registry.kindOf(f.name.toLowerCase()), f.name).to.equal('AGGREGATE');
    for (const f of tableFunctions) expect(registry.kindOf(f.name.toLowerCase()), f.name).to.equal('TABLE');
    expect(registry.resolveAggregate('latest_by_offset', [col(STRING)]).name).to.equal('LATEST_BY_OFFSET');
  });

  it('lists the aggregates ksqlDB has', () => {
    expect(aggregateFunctions.map((f) => f.name).sort()).to.deep.equal([
      'ATTR', 'AVG', 'COLLECT_LIST', 'COLLECT_SET', 'CORRELATION', 'COUNT', 'COUNT_DISTINCT', 'EARLIEST_BY_OFFSET',
      'HISTOGRAM', 'LATEST_BY_OFFSET', 'MAX', 'MIN', 'STDDEV_SAMP', 'STDDEV_SAMPLE', 'SUM', 'SUM_LIST', 'TOPK', 'TOPKDISTINCT',
    ]);
  });

  it('tableSourceError names the functions that cannot undo, as ksqlDB (qtt group-by - non-table udaf on table)', () => {
    const aggs = [
      registry.resolveAggregate('LATEST_BY_OFFSET', [col(INTEGER)]),
      registry.resolveAggregate('MIN', [col(INTEGER)]),
      registry.resolveAggregate('MAX', [col(INTEGER)]),
      registry.resolveAggregate('COUNT', []),
    ];
    expect(tableSourceError(aggs)?.message).to.equal(
      'The aggregation functions LATEST_BY_OFFSET, MIN and MAX cannot be applied to a table source, only to a stream source.',
    );
    expect(tableSourceError([aggs[1]!])?.message).to.equal('The aggregation function MIN cannot be applied to a table source, only to a stream source.');
    expect(tableSourceError([aggs[3]!])).to.equal(null);
  });
});
