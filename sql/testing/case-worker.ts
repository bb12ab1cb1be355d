/**
 * The worker thread of `IsolatedCaseRunner`: runs the case directories it is sent, one at a time,
 * and posts each entry back with the actual output as JSON text (JsonNumber lexemes do not
 * survive structured cloning).
 */
import { parentPort } from 'node:worker_threads';
import { stringifyJson } from '../types/json.js';
import { defaultRowSerdeFactory } from './row-serdes.js';
import { runCaseDir } from './run-suite.js';
import type { WorkerReady, WorkerReply, WorkerRequest } from './isolated-runner.js';

const port = parentPort;
if (port === null) throw new Error('case-worker.ts runs only as a worker thread');

port.on('message', (request: WorkerRequest) => {
  void runCaseDir(request.dir, { createRowSerde: defaultRowSerdeFactory, timeoutMs: request.timeoutMs }).then((entry) => {
    const { result, ...rest } = entry;
    const reply: WorkerReply = {
      seq: request.seq,
      entry: rest,
      result: result === undefined ? undefined : { ...result, actual: stringifyJson(result.actual) },
    };
    port.postMessage(reply);
  });
});

port.postMessage({ ready: true } satisfies WorkerReady);
