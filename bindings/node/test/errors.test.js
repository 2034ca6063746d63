// Bad arguments and hostile input: clear errors, never a crash.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const faqlite = require('..');
const { tempDir, smallCorpus } = require('./helpers');

function argError(code, pattern) {
  return (e) => {
    assert.ok(e instanceof TypeError, `${e.name}: ${e.message}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  };
}

function engineError(code, pattern) {
  return (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    assert.equal(typeof e.errno, 'number');
    assert.ok(e.errno < 0);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

describe('argument errors', () => {
  let engine;
  before(() => {
    engine = new faqlite.Engine();
    engine.indexText(JSON.stringify(smallCorpus));
  });
  after(() => engine.close());

  it('wrong types throw TypeErrors naming the argument', async () => {
    const T = 'ERR_INVALID_ARG_TYPE';
    assert.throws(() => engine.askSync(42), argError(T, /question/));
    assert.throws(() => engine.askSync(), argError(T, /question/));
    assert.throws(() => engine.askSync('x', 'en'), argError(T, /options/));
    assert.throws(() => engine.askSync('x', { k: '3' }), argError(T, /options\.k/));
    assert.throws(() => engine.askSync('x', { k: 2.5 }), argError(T, /options\.k/));
    assert.throws(() => engine.askSync('x', { lang: 7 }), argError(T, /options\.lang/));
    assert.throws(() => engine.askSync('x', { context: 'one turn' }), argError(T, /context/));
    assert.throws(() => engine.askSync('x', { context: ['a', 1] }), argError(T, /context\[1\]/));
    assert.throws(() => engine.askSync('x', { filters: [] }), argError(T, /filters/));
    assert.throws(() => engine.askSync('x', { threshold: NaN }), argError(T, /threshold/));
    assert.throws(() => engine.askSync('x', { explain: 1 }), argError(T, /explain/));
    assert.throws(() => engine.askSync('x', { filters: { big: 1n } }),
      argError('ERR_INVALID_ARG_VALUE', /JSON/));
    await assert.rejects(engine.ask(null), argError(T, /question/));
    await assert.rejects(engine.ask('x', { k: {} }), argError(T, /options\.k/));
    assert.throws(() => new faqlite.Engine(5), argError(T, /path/));
    assert.throws(() => new faqlite.Engine(':memory:', 'readonly'), argError(T, /options/));
    assert.throws(() => engine.put(['id']), argError(T, /entry/));
    assert.throws(() => engine.put({ id: 'a', answer: 'b' }, 'yes'), argError(T, /replace/));
    assert.throws(() => engine.get(5), argError(T, /id/));
    assert.throws(() => engine.delete(undefined), argError(T, /id/));
    assert.throws(() => engine.index(3), argError(T, /paths/));
    assert.throws(() => engine.index(['a', 3]), argError(T, /paths\[1\]/));
    assert.throws(() => engine.index(['a'], { progress: 1 }), argError(T, /progress/));
    assert.throws(() => engine.indexText({}), argError(T, /text/));
    assert.throws(() => engine.unanswered(0), argError('ERR_OUT_OF_RANGE', /limit/));
  });

  it('NUL characters are refused where C would cut the string', () => {
    const V = 'ERR_INVALID_ARG_VALUE';
    assert.throws(() => engine.get('opening\0hours'), argError(V, /id/));
    assert.throws(() => engine.delete('x', 'e\0n'), argError(V, /lang/));
    assert.throws(() => new faqlite.Engine('/tmp/a\0b.db'), argError(V, /path/));
  });

  it('the native functions check their arguments too', () => {
    const native = require(process.env.FAQLITE_NODE_ADDON || '../build/faqlite.node');
    assert.throws(() => native.askSync({}, 'x', null), argError('ERR_INVALID_ARG_TYPE', /handle/));
    assert.throws(() => native.ask(undefined, 'x'), argError('ERR_INVALID_ARG_TYPE', /handle/));
    assert.throws(() => native.stats(42), argError('ERR_INVALID_ARG_TYPE', /handle/));
    assert.throws(() => native.open(null), argError('ERR_INVALID_ARG_TYPE', /path/));
    const h = native.open(':memory:', null);
    assert.throws(() => native.askSync(h, 1, null), argError('ERR_INVALID_ARG_TYPE', /question/));
    assert.throws(() => native.put(h, '{}', 'x'), argError('ERR_INVALID_ARG_TYPE', /replace/));
    assert.throws(() => native.indexPaths(h, 'x', null), argError('ERR_INVALID_ARG_TYPE', /paths/));
    assert.throws(() => native.unanswered(h, 'x'), argError('ERR_INVALID_ARG_TYPE', /limit/));
    assert.throws(() => native.askSync(h, 'x', '{not json'), engineError('FAQLITE_EINVAL'));
    native.close(h);
    native.close(h);
    assert.throws(() => native.stats(h), engineError('FAQLITE_EINVAL', /closed/));
  });
});

describe('engine errors', () => {
  it('carry the code name, errno and the C message', async (t) => {
    const dir = tempDir(t);
    const engine = new faqlite.Engine(path.join(dir, 'e.db'));
    t.after(() => engine.close());
    engine.indexText(JSON.stringify(smallCorpus));
    assert.throws(() => new faqlite.Engine(':memory:', { no_such_option: 1 }),
      engineError('FAQLITE_EINVAL', /no_such_option/));
    assert.throws(() => new faqlite.Engine(':memory:', { cache_mb: 0 }),
      engineError('FAQLITE_EINVAL', /cache_mb/));
    assert.throws(() => new faqlite.Engine(':memory:', { trim_ms: -1 }),
      engineError('FAQLITE_EINVAL', /trim_ms/));
    assert.throws(() => engine.askSync('x', { k: 0 }), engineError('FAQLITE_EINVAL', /"k"/));
    await assert.rejects(engine.ask('x', { k: 100000 }), engineError('FAQLITE_ELIMIT', /"k"/));
    await assert.rejects(engine.ask('x', { lang: '!!' }), engineError('FAQLITE_EINVAL'));
    await assert.rejects(engine.ask('x', { threshold: 2 }), engineError('FAQLITE_EINVAL'));
    await assert.rejects(engine.ask('x', { bogus: true }), engineError('FAQLITE_EINVAL', /bogus/));
    assert.throws(() => engine.get('no-such-id'), engineError('FAQLITE_ENOTFOUND', /no-such-id/));
    assert.throws(() => engine.delete('no-such-id'), engineError('FAQLITE_ENOTFOUND'));
    assert.throws(() => engine.index(path.join(dir, 'none')), engineError('FAQLITE_ENOTFOUND'));
    assert.throws(() => engine.add({ id: 'location', lang: 'en', question: 'q?', answer: 'a.' }),
      engineError('FAQLITE_EEXISTS'));
    assert.throws(() => engine.put({ id: 'no-answer' }), engineError('FAQLITE_EFORMAT', /answer/));
    assert.throws(() => engine.put('{not json'), engineError('FAQLITE_EFORMAT'));
    assert.throws(() => engine.indexText('[1, 2]'), engineError('FAQLITE_EFORMAT'));
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not an index'.repeat(500));
    assert.throws(() => new faqlite.Engine(junk), engineError('FAQLITE_ECORRUPT'));
    assert.throws(() => new faqlite.Engine(path.join(dir, 'no.db'), { readonly: true }),
      engineError('FAQLITE_ENOTFOUND'));
    const ro = new faqlite.Engine(path.join(dir, 'e.db'), { readonly: true });
    assert.equal(ro.askSync('when do you open?').answers[0].id, 'opening-hours');
    assert.throws(() => ro.delete('location'), engineError('FAQLITE_EREADONLY'));
    ro.close();
  });

  it('hostile questions do not crash', async () => {
    const engine = new faqlite.Engine();
    engine.indexText(JSON.stringify(smallCorpus));
    for (const q of ['\0', 'opening\0hours', '\0'.repeat(1000), '\u202e\u0000\ufeff',
      '🙂'.repeat(500), "' OR 1=1 --", 'NEAR("a" "b") AND * OR "', '\ud800 lone surrogate',
      '\x01\x02\x7f']) {
      const r = await engine.ask(q);
      assert.ok(['answered', 'clarify', 'fallback'].includes(r.outcome));
    }
    await assert.rejects(engine.ask('x'.repeat(16 * 1024 * 1024)), engineError('FAQLITE_ELIMIT'));
    await assert.rejects(engine.ask('hours', { context: ['x'.repeat(100000)] }),
      engineError('FAQLITE_ELIMIT'));
    engine.close();
  });
});

describe('a closed engine', () => {
  it('rejects asks and throws on every other call', async () => {
    const engine = new faqlite.Engine();
    assert.equal(engine.closed, false);
    engine.close();
    engine.close();
    assert.equal(engine.closed, true);
    const closed = engineError('FAQLITE_EINVAL', /closed/);
    await assert.rejects(engine.ask('x'), closed);
    await assert.rejects(engine.askJson('x'), closed);
    for (const call of [() => engine.askSync('x'), () => engine.put({ id: 'a', answer: 'b' }),
      () => engine.delete('a'), () => engine.get('a'), () => engine.stats(),
      () => engine.unanswered(), () => engine.index(['x']), () => engine.indexText('{}'),
      () => engine.rebuild(), () => engine.analyze('x')]) {
      assert.throws(call, closed);
    }
  });

  it('refuses calls from inside its own progress callback', (t) => {
    const engine = new faqlite.Engine();
    t.after(() => engine.close());
    const seen = [];
    engine.index(path.join(require('./helpers').corpus, 'en.json'), {
      progress: () => {
        for (const call of [() => engine.close(), () => engine.put({ id: 'x', answer: 'y' }),
          () => engine.askSync('x'), () => engine.stats()]) {
          try {
            call();
          } catch (e) {
            seen.push(e.code);
          }
        }
      },
    });
    assert.ok(seen.length > 0);
    assert.ok(seen.every((c) => c === 'ERR_FAQLITE_REENTRANT'));
    assert.equal(engine.closed, false);
    assert.ok(engine.stats().entries > 0);
  });
});
