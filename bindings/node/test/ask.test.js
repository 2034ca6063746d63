// Asking: the addon gives the same answers as the CLI, as parsed result objects.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const faqlite = require('..');
const { cli, corpus, tempDir, smallCorpus } = require('./helpers');

// Every language of the corpus, given or detected, with context, filters, k and threshold.
const QUESTIONS = [
  { query: 'How much does an International Sales Manager earn?', lang: 'en' },
  { query: "what's the salary range?" },
  { query: 'is travel mandatory in this job?' },
  { query: 'Do I need an MBA?', lang: 'en' },
  { query: 'which CRM tools should I master' },
  { query: 'hello' },
  { query: 'how do I become one?', context: ['What does an International Sales Manager do?'] },
  { query: 'and for senior level?', context: ['What is the entry-level salary?'] },
  { query: 'salary', filters: { kind: 'passage' } },
  { query: 'skills', filters: { tags: ['skills'] }, k: 3 },
  { query: 'purple elephants dancing on the moon' },
  { query: '¿Cuánto gana un gerente de ventas internacionales?', lang: 'es' },
  { query: 'Brauche ich einen MBA?' },
  { query: "Quel est le salaire d'un responsable des ventes internationales ?", lang: 'fr' },
  { query: 'Quais são as habilidades necessárias?', lang: 'pt' },
  { query: 'Сколько зарабатывает менеджер по международным продажам?', lang: 'ru' },
  { query: 'كم يكسب مدير المبيعات الدولية؟', lang: 'ar' },
  { query: '国际销售经理的工资是多少？', lang: 'zh' },
  { query: '国際営業マネージャーの給料はいくらですか？', lang: 'ja' },
  { query: 'salary', k: 10, threshold: 0.9 },
];

function optionsOf(q) {
  const o = {};
  for (const k of ['lang', 'k', 'context', 'filters', 'threshold']) if (k in q) o[k] = q[k];
  return o;
}

describe('the bundled corpus', () => {
  let dir;
  let db;
  let engine;

  before(() => {
    dir = require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'faqlite-node-'));
    db = path.join(dir, 'corpus.db');
    const writer = new faqlite.Engine(db);
    writer.index(corpus);
    writer.close();
    engine = new faqlite.Engine(db, { readonly: true });
  });

  after(() => {
    engine.close();
    require('node:fs').rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same ids, outcomes and confidences as the CLI', async () => {
    const input = QUESTIONS.map((q, i) => JSON.stringify({ ...q, id: i })).join('\n') + '\n';
    const lines = execFileSync(cli, ['ask', '--db', db, '--jsonl'], { input, encoding: 'utf8' })
      .trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, QUESTIONS.length);
    const mine = await Promise.all(QUESTIONS.map((q) => engine.ask(q.query, optionsOf(q))));
    let answered = 0;
    for (const [i, q] of QUESTIONS.entries()) {
      const theirs = lines.find((l) => l.id === i);
      const msg = `question ${JSON.stringify(q.query)}`;
      assert.equal(mine[i].outcome, theirs.outcome, msg);
      assert.equal(mine[i].lang, theirs.lang, msg);
      assert.deepEqual(mine[i].answers.map((a) => [a.id, a.lang, a.confidence]),
        theirs.answers.map((a) => [a.id, a.lang, a.confidence]), msg);
      assert.equal(mine[i].fallback, theirs.fallback, msg);
      if (mine[i].answered) answered++;
    }
    assert.ok(answered > QUESTIONS.length / 3, `only ${answered} answered`);
  });

  it('matches the CLI --json output exactly for one question', async () => {
    const q = 'How much does an International Sales Manager earn?';
    const out = execFileSync(cli, ['ask', '--db', db, '--json', '--lang', 'en', q],
      { encoding: 'utf8' });
    assert.deepEqual(await engine.ask(q, { lang: 'en' }), JSON.parse(out));
    assert.equal(await engine.askJson(q, { lang: 'en' }), out.trim());
  });

  it('returns the result shape', async () => {
    const r = await engine.ask('How much does an International Sales Manager earn?', { lang: 'en' });
    assert.equal(r.query, 'How much does an International Sales Manager earn?');
    assert.equal(r.lang, 'en');
    assert.ok(['answered', 'clarify', 'fallback'].includes(r.outcome));
    assert.equal(r.answered, r.outcome === 'answered');
    assert.ok(r.answers.length > 0);
    for (const a of r.answers) {
      for (const key of ['id', 'lang', 'kind', 'question', 'answer', 'snippet', 'title', 'section']) {
        assert.equal(typeof a[key], 'string', key);
      }
      assert.ok(a.confidence >= 0 && a.confidence <= 1);
      assert.ok(Array.isArray(a.tags) && Array.isArray(a.follow_ups));
      for (const [start, end] of a.highlights) {
        assert.ok(start >= 0 && start < end && end <= Buffer.byteLength(a.answer));
      }
    }
    assert.ok(r.answers.some((a) => a.snippet.includes('<mark>')));
    assert.ok(Array.isArray(r.context));
  });

  it('askSync gives what ask gives', async () => {
    for (const q of QUESTIONS.slice(0, 6)) {
      assert.deepEqual(engine.askSync(q.query, optionsOf(q)), await engine.ask(q.query, optionsOf(q)));
    }
  });

  it('applies filters, k and explain', async () => {
    const passages = await engine.ask('salary', { filters: { kind: 'passage' }, k: 10 });
    assert.ok(passages.answers.length > 0);
    assert.ok(passages.answers.every((a) => a.kind === 'passage'));
    assert.equal((await engine.ask('salary', { k: 1 })).answers.length, 1);
    const explained = await engine.ask("what's the salary range?", { explain: true });
    assert.ok(explained.answers.every((a) => a.explanation !== undefined));
    const plain = await engine.ask("what's the salary range?");
    assert.ok(plain.answers.every((a) => a.explanation === undefined));
  });

  it('falls back with the corpus text', async () => {
    const r = await engine.ask('purple elephants dancing on the moon', { lang: 'en' });
    assert.equal(r.outcome, 'fallback');
    assert.equal(r.answered, false);
    assert.ok(r.fallback.length > 0);
  });
});

describe('a corpus written here', () => {
  it('gives the known answers', async (t) => {
    const engine = new faqlite.Engine(path.join(tempDir(t), 'small.db'));
    t.after(() => engine.close());
    engine.indexText(JSON.stringify(smallCorpus), { source: 'small' });
    const r = await engine.ask('when do you open?', { lang: 'en' });
    assert.equal(r.outcome, 'answered');
    assert.equal(r.answers[0].id, 'opening-hours');
    assert.equal(r.answers[0].answer, 'The shop is open from 9 to 17, Monday to Saturday.');
    assert.deepEqual(r.answers[0].follow_ups.map((f) => f.id), ['location']);
    assert.equal((await engine.ask('parking')).answers[0].kind, 'passage');
    const es = await engine.ask('¿Cuándo abre la tienda?', { lang: 'es' });
    assert.deepEqual([es.answers[0].id, es.answers[0].lang], ['opening-hours', 'es']);
    const none = await engine.ask('quantum chromodynamics lecture notes', { lang: 'en' });
    assert.equal(none.outcome, 'fallback');
    assert.equal(none.fallback, 'No idea, sorry.');
    const next = await engine.ask('where is it?', { context: r.context });
    assert.ok(next.context.length >= 2);
  });
});
