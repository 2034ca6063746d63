// Many asks in flight at once on the thread pool, and a close() that waits for them.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const faqlite = require('..');
const { corpus, tempDir, smallCorpus } = require('./helpers');

const QUESTIONS = [
  ['How much does an International Sales Manager earn?', { lang: 'en' }],
  ['is travel mandatory in this job?', {}],
  ['Do I need an MBA?', { k: 3 }],
  ['¿Cuánto gana un gerente de ventas internacionales?', { lang: 'es' }],
  ['Brauche ich einen MBA?', {}],
  ['国际销售经理的工资是多少？', { lang: 'zh' }],
  ['purple elephants dancing on the moon', {}],
  ['salary', { filters: { kind: 'passage' } }],
  ['and for senior level?', { context: ['What is the entry-level salary?'] }],
  ['hello', {}],
];

describe('concurrency', () => {
  let engine;
  before(() => {
    engine = new faqlite.Engine();
    engine.index(corpus);
  });
  after(() => engine.close());

  it('100 concurrent promises all resolve with the sequential answers', async () => {
    const expected = QUESTIONS.map(([q, o]) => engine.askSync(q, o));
    const promises = [];
    for (let i = 0; i < 100; i++) {
      const [q, o] = QUESTIONS[i % QUESTIONS.length];
      promises.push(engine.ask(q, o));
    }
    const settled = await Promise.allSettled(promises);
    const failures = settled.filter((s) => s.status === 'rejected');
    assert.deepEqual(failures, []);
    settled.forEach((s, i) => assert.deepEqual(s.value, expected[i % QUESTIONS.length]));
  });

  it('failures in flight stay with their own promise', async () => {
    const promises = [];
    for (let i = 0; i < 100; i++) {
      promises.push(i % 2 ? engine.ask('salary', { k: 100000 }) : engine.ask('salary', { k: 2 }));
    }
    const settled = await Promise.allSettled(promises);
    settled.forEach((s, i) => {
      if (i % 2) {
        assert.equal(s.status, 'rejected');
        assert.equal(s.reason.code, 'FAQLITE_ELIMIT');
        assert.match(s.reason.message, /"k"/);
      } else {
        assert.equal(s.status, 'fulfilled');
        assert.equal(s.value.answers.length, 2);
      }
    });
  });
});

describe('close with asks in flight', () => {
  it('lets them finish, then rejects new ones', async (t) => {
    const engine = new faqlite.Engine(path.join(tempDir(t), 'c.db'));
    engine.indexText(JSON.stringify(smallCorpus));
    const inFlight = [];
    for (let i = 0; i < 100; i++) inFlight.push(engine.ask('when do you open?', { lang: 'en' }));
    engine.close();
    assert.equal(engine.closed, true);
    await assert.rejects(engine.ask('when do you open?'), (e) => e.code === 'FAQLITE_EINVAL');
    const results = await Promise.all(inFlight);
    assert.ok(results.every((r) => r.answers[0].id === 'opening-hours'));
  });

  it('a dropped engine with asks in flight is still answered', async () => {
    // No reference is kept to the engine: the asks must keep its handle alive themselves.
    const promises = (() => {
      const engine = new faqlite.Engine();
      engine.indexText(JSON.stringify(smallCorpus));
      return Array.from({ length: 20 }, () => engine.ask('where is the shop?', { lang: 'en' }));
    })();
    if (global.gc) global.gc();
    const results = await Promise.all(promises);
    assert.ok(results.every((r) => r.answers.length > 0));
  });
});

describe('worker threads', () => {
  it('terminating a worker with asks in flight is safe', async () => {
    const { Worker } = require('node:worker_threads');
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { Engine } = require(workerData.module);
      const engine = new Engine();
      engine.indexText(workerData.corpus);
      engine.ask('when do you open?').then((r) => {
        for (let i = 0; i < 200; i++) engine.ask('when do you open?').catch(() => {});
        parentPort.postMessage(r.answers[0].id);
      });`;
    for (let i = 0; i < 5; i++) {
      const worker = new Worker(code, {
        eval: true,
        workerData: { module: require.resolve('..'), corpus: JSON.stringify(smallCorpus) },
      });
      // The first answer proves the addon works in a worker; 200 more are queued behind it.
      const first = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      assert.equal(first, 'opening-hours');
      await worker.terminate();
    }
  });
});
