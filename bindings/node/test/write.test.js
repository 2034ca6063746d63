// Writing and reading entries: add, put, delete, index, indexText, get, stats, unanswered.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { describe, it, beforeEach, afterEach } = require('node:test');

const faqlite = require('..');
const { corpus, tempDir, smallCorpus } = require('./helpers');

const entry = (fields = {}) => ({
  id: 'returns', lang: 'en', question: 'Can I return a bicycle?',
  answer: 'Returns are accepted within thirty days with the receipt.', ...fields,
});

describe('writing', () => {
  let engine;
  beforeEach((t) => {
    engine = new faqlite.Engine(path.join(tempDir(t), 'w.db'));
  });
  afterEach(() => engine.close());

  it('adds, replaces, gets and deletes entries', async () => {
    engine.add(entry());
    assert.equal(engine.get('returns').answer,
      'Returns are accepted within thirty days with the receipt.');
    assert.equal((await engine.ask('can I return my bicycle?', { lang: 'en' })).answers[0].id,
      'returns');
    assert.throws(() => engine.add(entry({ answer: 'Another.' })), { code: 'FAQLITE_EEXISTS' });
    engine.put(entry({ answer: 'Returns within fourteen days.' }));
    assert.equal(engine.get('returns', 'en').answer, 'Returns within fourteen days.');
    engine.put(JSON.stringify(entry({ lang: 'de', question: 'Kann ich zurückgeben?',
      answer: 'Ja, innerhalb von 14 Tagen.' })));
    assert.equal(engine.get('returns', 'de').answer, 'Ja, innerhalb von 14 Tagen.');
    engine.delete('returns', 'de');
    assert.throws(() => engine.get('returns', 'de'), { code: 'FAQLITE_ENOTFOUND' });
    engine.delete('returns');
    assert.throws(() => engine.get('returns'), { code: 'FAQLITE_ENOTFOUND' });
  });

  it('indexes files with progress, and replaceAll', () => {
    const calls = [];
    engine.index([path.join(corpus, 'en.json'), path.join(corpus, 'es.json')], {
      progress: (source, done, total) => { calls.push([source, done, total]); },
    });
    assert.ok(calls.length > 0);
    assert.ok(calls.every(([, done, total]) => done <= total));
    assert.ok(calls.some(([source]) => source.endsWith('en.json')));
    const stats = engine.stats();
    assert.deepEqual(Object.keys(stats.languages).sort(), ['en', 'es']);
    engine.indexText(JSON.stringify(smallCorpus), { source: 'small', replaceAll: true });
    assert.equal(engine.stats().entries, smallCorpus.entries.length);
  });

  it('progress can cancel, by returning false or by throwing', () => {
    engine.indexText(JSON.stringify(smallCorpus));
    const before = engine.stats().entries;
    assert.throws(() => engine.index(path.join(corpus, 'en.json'), { progress: () => false }),
      { code: 'FAQLITE_ERROR' });
    assert.equal(engine.stats().entries, before);
    const boom = new Error('from the callback');
    assert.throws(() => engine.index(path.join(corpus, 'en.json'), {
      progress: () => { throw boom; },
    }), (e) => e === boom);
    assert.equal(engine.stats().entries, before);
  });

  it('indexes JSON Lines text with a default language', () => {
    const lines = [0, 1, 2].map((i) => JSON.stringify({
      id: `q${i}`, question: `Frage ${i}?`, answer: `Antwort ${i}.` })).join('\n');
    engine.indexText(lines, { source: 'lines.jsonl', lang: 'de' });
    assert.equal(engine.get('q1').lang, 'de');
    assert.throws(() => engine.indexText('{"id": "x"}\n', { source: 'broken.jsonl' }),
      (e) => e.code === 'FAQLITE_EFORMAT' && e.message.includes('broken.jsonl'));
  });

  it('rebuilds and analyzes', () => {
    engine.indexText(JSON.stringify(smallCorpus));
    engine.rebuild();
    assert.equal(engine.askSync('when do you open?', { lang: 'en' }).answers[0].id,
      'opening-hours');
    const tokens = engine.analyze('Bicycles repaired', { lang: 'en' });
    assert.ok(tokens.length > 0);
    assert.ok(tokens.every((t) => 'term' in t && 'start' in t && 'end' in t));
  });
});

describe('unanswered questions', () => {
  it('are logged when asked to', async (t) => {
    const engine = new faqlite.Engine(path.join(tempDir(t), 'log.db'), { log_unanswered: true });
    t.after(() => engine.close());
    engine.indexText(JSON.stringify(smallCorpus));
    for (let i = 0; i < 3; i++) await engine.ask('do you sell submarines?', { lang: 'en' });
    await engine.ask('when do you open?', { lang: 'en' });
    const logged = engine.unanswered(10);
    assert.equal(logged[0].query, 'do you sell submarines?');
    assert.equal(logged[0].count, 3);
    assert.ok(!logged.some((x) => x.query === 'when do you open?'));
  });
});

describe('module', () => {
  it('reports versions', () => {
    assert.match(faqlite.version(), /^\d+\.\d+\.\d+$/);
    assert.equal(faqlite.version(), require('../package.json').version);
    assert.match(faqlite.analyzerFingerprint(), /icu/);
  });
});
