import { expect } from 'chai';
import { IsolatedCaseRunner } from '../../../sql/testing/isolated-runner.js';

describe('IsolatedCaseRunner', function () {
  this.timeout(60_000);

  it('fails a case that blocks its thread after the timeout, and runs the next case in a fresh worker', async () => {
    const runner = new IsolatedCaseRunner({ timeoutMs: 200, graceMs: 100, workerUrl: new URL('./fixtures/misbehaving-worker.ts', import.meta.url) });
    try {
      const hung = await runner.run('/cases/hang');
      expect(hung).to.deep.include({ id: 'hang', status: 'fail', failureClass: 'timeout' });
      expect(hung.reason).to.contain('its worker was stopped');
      const next = await runner.run('/cases/fine');
      expect(next.status).to.equal('pass');
      expect(next.result?.actual).to.be.instanceOf(Map);
    } finally {
      await runner.close();
    }
  });

  it('fails a case that crashes its worker, and goes on', async () => {
    const runner = new IsolatedCaseRunner({ timeoutMs: 5_000, workerUrl: new URL('./fixtures/misbehaving-worker.ts', import.meta.url) });
    try {
      const crashed = await runner.run('/cases/crash');
      expect(crashed).to.deep.include({ id: 'crash', status: 'fail', failureClass: 'runner-error' });
      expect(crashed.reason).to.contain('boom');
      expect((await runner.run('/cases/fine')).status).to.equal('pass');
    } finally {
      await runner.close();
    }
  });

  it('runs a real case directory through the SQL engine in its worker', async () => {
    const runner = new IsolatedCaseRunner();
    try {
      const entry = await runner.run('../shared/ksql-qtt/sum--sum-with-constant-double-arg-298dbe3b');
      expect(entry.id).to.equal('sum--sum-with-constant-double-arg-298dbe3b');
      expect(['pass', 'fail']).to.include(entry.status);
      expect(entry.result?.actual).to.be.instanceOf(Map);
    } finally {
      await runner.close();
    }
  });
});
