import { expect } from 'chai';
import { ManualClock } from '../../../../core/io/clock.js';
import { FjordError } from '../../../../core/errors.js';
import { DataException, RetriableException } from '../../../../connectors/api/errors.js';
import { errorHandlingConfig } from '../../../../connectors/runtime/error-handling/error-handling-config.js';
import { LogReporter } from '../../../../connectors/runtime/error-handling/log-reporter.js';
import { ProcessingContext } from '../../../../connectors/runtime/error-handling/processing-context.js';
import { RetryWithToleranceOperator, ToleranceExceededError } from '../../../../connectors/runtime/error-handling/retry-with-tolerance-operator.js';
import { InstantTimers, LinesLogger } from './fakes.js';

const consumed = () => ProcessingContext.forConsumed({
  topic: 'orders', partition: 2, offset: 17n, timestamp: 1000, timestampType: 'CreateTime', key: null, value: Buffer.from('{'), headers: [],
});

function operator(props: Record<string, string>, random = () => 0.5) {
  const clock = new ManualClock(1_000_000);
  const timers = new InstantTimers(clock);
  const op = new RetryWithToleranceOperator(errorHandlingConfig(props), { clock, timers, random });
  return { op, clock, timers };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** An operation failing with `errors` in turn, then returning 'ok'. */
function flaky(...errors: Error[]) {
  let calls = 0;
  const fn = () => {
    const err = errors[calls++];
    if (err) throw err;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('connectors/runtime/error-handling RetryWithToleranceOperator', () => {
  it('returns the operation\'s result', async () => {
    const { op } = operator({});
    expect(await op.execute(consumed(), 'VALUE_CONVERTER', 'JsonConverter', () => 42)).to.equal(42);
    expect(op.counts.snapshot().recordFailures).to.equal(0);
  });

  it('fails the task on the first error with the defaults (no retries, tolerance none)', async () => {
    const { op } = operator({});
    const err = await rejection(op.execute(consumed(), 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () => {
      throw new DataException('bad json');
    }));
    expect(err).to.be.instanceOf(ToleranceExceededError);
    expect(err.message).to.equal('Tolerance exceeded in error handler at stage VALUE_CONVERTER with class org.apache.kafka.connect.json.JsonConverter: bad json');
    expect((err as FjordError).cause).to.be.instanceOf(DataException);
  });

  it('skips and counts a failed record with errors.tolerance=all', async () => {
    const { op } = operator({ 'errors.tolerance': 'all' });
    expect(await op.execute(consumed(), 'TRANSFORMATION', 'Cast$Value', () => {
      throw new Error('boom');
    })).to.equal(null);
    expect(op.counts.snapshot()).to.include({ recordFailures: 1, recordErrors: 1, recordsSkipped: 1, retries: 0, lastErrorTimestampMs: 1_000_000 });
  });

  it('does not run later stages of a failed record', async () => {
    const { op } = operator({ 'errors.tolerance': 'all' });
    const ctx = consumed();
    await op.execute(ctx, 'KEY_CONVERTER', 'K', () => {
      throw new Error('x');
    });
    let ran = false;
    expect(await op.execute(ctx, 'VALUE_CONVERTER', 'V', () => (ran = true))).to.equal(null);
    expect(ran).to.equal(false);
  });

  it('does not tolerate a non-retriable error in task put even with tolerance all', async () => {
    const { op } = operator({ 'errors.tolerance': 'all' });
    const err = await rejection(op.execute(ProcessingContext.empty(), 'TASK_PUT', 'JdbcSinkTask', () => {
      throw new Error('constraint violated');
    }));
    expect(err.message).to.equal('Unhandled exception in error handler at stage TASK_PUT with class JdbcSinkTask: constraint violated');
  });

  it('retries retriable errors with doubling back-off until success', async () => {
    const { op, timers } = operator({ 'errors.retry.timeout': '10000' });
    const f = flaky(new RetriableException('down'), new RetriableException('down'), new RetriableException('down'));
    expect(await op.execute(ProcessingContext.empty(), 'TASK_PUT', 'T', f.fn)).to.equal('ok');
    expect(f.calls()).to.equal(4);
    expect(timers.sleepsMs).to.deep.equal([300, 600, 1200]);
    expect(op.counts.snapshot()).to.include({ recordFailures: 3, retries: 3, recordErrors: 0 });
  });

  it('does not retry with errors.retry.timeout=0', async () => {
    const { op, timers } = operator({ 'errors.tolerance': 'all' });
    const f = flaky(new RetriableException('down'));
    expect(await op.execute(ProcessingContext.empty(), 'TASK_POLL', 'T', f.fn)).to.equal(null);
    expect(f.calls()).to.equal(1);
    expect(timers.sleepsMs).to.deep.equal([]);
  });

  it('never sleeps past the retry deadline', async () => {
    const { op, timers } = operator({ 'errors.retry.timeout': '1000', 'errors.tolerance': 'all' });
    const f = flaky(...Array.from({ length: 10 }, () => new RetriableException('down')));
    expect(await op.execute(ProcessingContext.empty(), 'KAFKA_PRODUCE', 'P', f.fn)).to.equal(null);
    expect(timers.sleepsMs).to.deep.equal([300, 600, 100]);
    expect(f.calls()).to.equal(4);
  });

  it('fails the task when retries run out with tolerance none', async () => {
    const { op } = operator({ 'errors.retry.timeout': '500' });
    const err = await rejection(op.execute(ProcessingContext.empty(), 'TASK_PUT', 'T', () => {
      throw new RetriableException('still down');
    }));
    expect(err.message).to.contain('Tolerance exceeded in error handler at stage TASK_PUT with class T: still down');
  });

  it('caps the back-off with jitter below errors.retry.delay.max.ms', () => {
    const { op } = operator({ 'errors.retry.delay.max.ms': '1000' }, () => 0.25);
    expect(op.backoffDelayMs(1, 0, Infinity)).to.equal(300);
    expect(op.backoffDelayMs(2, 0, Infinity)).to.equal(600);
    expect(op.backoffDelayMs(3, 0, Infinity)).to.equal(250);
  });

  it('retries forever with errors.retry.timeout=-1', async () => {
    const { op } = operator({ 'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '1000' });
    const f = flaky(...Array.from({ length: 30 }, () => new RetriableException('down')));
    expect(await op.execute(ProcessingContext.empty(), 'TASK_PUT', 'T', f.fn)).to.equal('ok');
    expect(f.calls()).to.equal(31);
  });

  it('stops retrying once the task is stopping', async () => {
    const { op } = operator({ 'errors.retry.timeout': '-1', 'errors.tolerance': 'all' });
    let calls = 0;
    const result = await op.execute(ProcessingContext.empty(), 'TASK_PUT', 'T', () => {
      if (++calls === 2) op.triggerStop();
      throw new RetriableException('down');
    });
    expect(result).to.equal(null);
    expect(calls).to.equal(2);
  });

  it('treats FjordErrors marked retriable as retriable', async () => {
    const { op } = operator({ 'errors.retry.timeout': '5000' });
    const f = flaky(new FjordError('NOT_LEADER_OR_FOLLOWER', 'moved'));
    expect(await op.execute(ProcessingContext.empty(), 'KAFKA_PRODUCE', 'P', f.fn)).to.equal('ok');
  });

  it('logs failures with errors.log.enable, without the record by default', async () => {
    const logger = new LinesLogger();
    const { op: base } = operator({});
    const config = errorHandlingConfig({ 'errors.log.enable': 'true', 'errors.tolerance': 'all' });
    const op = new RetryWithToleranceOperator(config, { reporters: [new LogReporter(config, { connector: 'jdbc', task: 0 }, logger, base.counts)], counts: base.counts });
    await op.execute(consumed(), 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () => {
      throw new DataException('bad json');
    });
    expect(logger.lines).to.deep.equal([
      "error Error encountered in task jdbc-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter'. org.apache.kafka.connect.errors.DataException: bad json",
    ]);
    expect(base.counts.snapshot().errorsLogged).to.equal(1);
  });

  it('includes the consumed record with errors.log.include.messages', async () => {
    const logger = new LinesLogger();
    const config = errorHandlingConfig({ 'errors.log.enable': 'true', 'errors.log.include.messages': 'true', 'errors.tolerance': 'all' });
    const op = new RetryWithToleranceOperator(config);
    const reporter = new LogReporter(config, { connector: 'jdbc', task: 1 }, logger, op.counts);
    const withLog = new RetryWithToleranceOperator(config, { reporters: [reporter] });
    await withLog.execute(consumed(), 'TRANSFORMATION', 'Cast$Value', () => {
      throw new Error('nope');
    });
    expect(logger.lines[0]).to.equal(
      "error Error encountered in task jdbc-1. Executing stage 'TRANSFORMATION' with class 'Cast$Value', where consumed record is " +
      "{topic='orders', partition=2, offset=17, timestamp=1000, timestampType=CreateTime}. Error: nope",
    );
  });

  it('logs nothing without errors.log.enable', async () => {
    const logger = new LinesLogger();
    const config = errorHandlingConfig({ 'errors.tolerance': 'all' });
    const op = new RetryWithToleranceOperator(config);
    const withLog = new RetryWithToleranceOperator(config, { reporters: [new LogReporter(config, { connector: 'c', task: 0 }, logger, op.counts)] });
    await withLog.execute(consumed(), 'TRANSFORMATION', 'X', () => {
      throw new Error('nope');
    });
    expect(logger.lines).to.deep.equal([]);
  });

  it('run() returns synchronously while the operation succeeds', () => {
    const { op } = operator({});
    expect(op.run(consumed(), 'KEY_CONVERTER', 'K', () => 'key')).to.equal('key');
  });

  it('run() goes async only on failure and then tolerates as execute does', async () => {
    const { op } = operator({ 'errors.tolerance': 'all' });
    const out = op.run(consumed(), 'KEY_CONVERTER', 'K', () => {
      throw new DataException('bad key');
    });
    expect(out).to.be.instanceOf(Promise);
    expect(await out).to.equal(null);
    expect(op.counts.snapshot()).to.include({ recordFailures: 1, recordsSkipped: 1 });
  });

  it('recover() retries after a first failure that already happened', async () => {
    const { op, timers } = operator({ 'errors.retry.timeout': '5000' });
    const f = flaky(new RetriableException('again'));
    expect(await op.recover(ProcessingContext.empty(), 'TASK_POLL', 'T', new RetriableException('first'), f.fn)).to.equal('ok');
    expect(f.calls()).to.equal(2);
    expect(timers.sleepsMs).to.deep.equal([300, 600]);
  });

  it('reports the failure before failing the task with tolerance none', async () => {
    const reported: string[] = [];
    const config = errorHandlingConfig({});
    const op = new RetryWithToleranceOperator(config, { reporters: [{ report: async (ctx) => void reported.push(`${ctx.stage} ${(ctx.error as Error).message}`) }] });
    await rejection(op.execute(consumed(), 'HEADER_CONVERTER', 'H', () => {
      throw new Error('bad header');
    }));
    expect(reported).to.deep.equal(['HEADER_CONVERTER bad header']);
  });

  it('rejects bad errors.* values, naming the key', () => {
    expect(() => errorHandlingConfig({ 'errors.retry.timeout': '-5' })).to.throw('Invalid value -5 for configuration errors.retry.timeout: Value must be at least -1');
    expect(() => errorHandlingConfig({ 'errors.tolerance': 'some' })).to.throw('Invalid value some for configuration errors.tolerance');
  });
});
