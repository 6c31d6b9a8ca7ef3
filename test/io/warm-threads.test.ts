// Threads started before their job is known (src/io/warm-threads.ts): the job reaches a warm thread
// as a message and a new thread as its workerData, alike for the thread's code (`jobOfThread`); a
// warm thread that is gone before its job is replaced; one never used does not keep a process alive.
// The thread code below imports the built module (dist/, made by `npm test`'s build).
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { takeThread, warmThread } from '../../src/io/warm-threads.js';
import { ROOT } from '../support/run-cli.js';
import { makeTmp } from './csv/helpers.js';

const tmp = makeTmp('warm-threads');
afterAll(() => tmp.cleanup());

const built = pathToFileURL(`${ROOT}/dist/io/warm-threads.js`).href;
/** Posts back its job and whether it came as a message (a warm start). */
const echo = pathToFileURL(
  tmp.write(
    'echo.mjs',
    `import { parentPort, workerData } from 'node:worker_threads';
import { jobOfThread } from ${JSON.stringify(built)};
const asMessage = workerData === undefined;
parentPort.postMessage({ job: await jobOfThread(), asMessage });`,
  ),
);
/** Ends at once unless it is given its job as workerData. */
const quitter = pathToFileURL(
  tmp.write(
    'quitter.mjs',
    `import { parentPort, workerData } from 'node:worker_threads';
if (workerData !== undefined) parentPort.postMessage({ job: workerData, asMessage: false });`,
  ),
);

async function answer(worker: Worker): Promise<unknown> {
  const [m] = (await once(worker, 'message')) as [unknown];
  return m;
}

describe('warm threads', () => {
  it('hand the job to a warm thread as a message, and to a new one as its workerData', async () => {
    warmThread(echo);
    const first = takeThread(echo, { file: 'deals.csv', start: 1024 });
    expect(first.warm).toBe(true);
    expect(await answer(first.worker)).toEqual({ job: { file: 'deals.csv', start: 1024 }, asMessage: true });
    // The warm thread was taken: the next job gets a new one.
    const second = takeThread(echo, { file: 'deals.csv', start: 2048 });
    expect(second.warm).toBe(false);
    expect(await answer(second.worker)).toEqual({ job: { file: 'deals.csv', start: 2048 }, asMessage: false });
  });

  it('start a new thread when the warm one is gone', async () => {
    await once(warmThread(quitter), 'exit');
    const taken = takeThread(quitter, { n: 1 });
    expect(taken.warm).toBe(false);
    expect(await answer(taken.worker)).toEqual({ job: { n: 1 }, asMessage: false });
  });

  it('do not keep a process alive while they wait', { timeout: 30_000 }, () => {
    const script = tmp.write(
      'main.mjs',
      `import { warmThread } from ${JSON.stringify(built)};
const worker = warmThread(new URL(${JSON.stringify(echo.href)}));
worker.on('error', (err) => console.log(String(err)));`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect({ status: r.status, signal: r.signal, stdout: r.stdout }).toEqual({ status: 0, signal: null, stdout: '' });
  });
});
