// importText() and check(): the corpus tools that need no engine.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');

const faqlite = require('..');
const { repo, corpus, cli, tempDir } = require('./helpers');

const checkData = path.join(repo, 'tests', 'data', 'check');
const importData = path.join(repo, 'tests', 'data', 'import');

// A Markdown guide with one plain section and an FAQ section; the dash in the first paragraph was
// saved through windows-1252 ("—" reads "â€”"), which the importer repairs.
const guide = `# Bike Shop Guide

## Opening hours

The shop is open from nine to five \u00e2\u20ac\u201d Monday to Saturday. We close on public
holidays and in the week between Christmas and New Year, when the workshop is cleaned.

## Frequently Asked Questions

Do you repair bicycles?

Yes, we repair bicycles of every brand within two days.

Where is the shop?

At 12 Harbour Street, next to the ferry terminal.
`;

function runCli(...args) {
  const out = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.error) throw out.error;
  return { status: out.status, stdout: out.stdout };
}

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
    assert.equal(e.code, code, e.message);
    assert.ok(e.errno < 0);
    assert.match(e.message, pattern);
    return true;
  };
}

describe('importText', () => {
  it('turns a Markdown guide into FAQ entries and passages', () => {
    const { corpus: c, report } = faqlite.importText(guide, { source: 'guide.md' });
    assert.equal(c.faqlite, 1);
    assert.equal(c.name, 'Bike Shop Guide');
    assert.equal(c.lang, 'en');
    assert.equal(c.source, 'guide.md');
    const faq = c.entries.filter((e) => e.kind === 'faq');
    assert.deepEqual(faq.map((e) => e.id), ['faq-do-you-repair-bicycles', 'faq-where-is-the-shop']);
    assert.equal(faq[0].question, 'Do you repair bicycles?');
    assert.equal(faq[0].answer, 'Yes, we repair bicycles of every brand within two days.');
    assert.equal(faq[0].section, 'Frequently Asked Questions');
    assert.deepEqual(c.entries.filter((e) => e.kind === 'passage').map((e) => e.title),
      ['Opening hours']);
    assert.equal(report.format, 'markdown');
    assert.equal(report.counts.faq, 2);
    assert.deepEqual(faqlite.importText(guide, { source: 'guide.md' }).corpus, c);
  });

  it('repairs mis-decoded text and reports it', () => {
    const { corpus: c, report } = faqlite.importText(guide);
    const passage = c.entries.find((e) => e.id === 'opening-hours');
    assert.match(passage.answer, /nine to five \u2014 Monday/);
    assert.doesNotMatch(passage.answer, /\u00e2\u20ac/);
    assert.equal(report.repairs.characters, 1);
    assert.deepEqual(report.repairs.by_encoding, { 'windows-1252': 1 });
    assert.deepEqual(report.repairs.examples,
      [{ line: 5, from: '\u00e2\u20ac\u201d', to: '\u2014', encoding: 'windows-1252' }]);
  });

  it('reads bytes as they are: not UTF-8 means windows-1252', () => {
    const latin1 = Buffer.from('Caf\u00e9 du port\n\nThe caf\u00e9 opens at seven.', 'latin1');
    const r = faqlite.importText(latin1);
    assert.match(r.report.encoding, /windows-1252/);
    assert.match(JSON.stringify(r.corpus), /caf\u00e9 opens/);
    const utf8 = faqlite.importText(new TextEncoder().encode('The caf\u00e9 opens at seven.'));
    assert.equal(utf8.report.encoding, 'utf-8');
    assert.equal(faqlite.importText(new Uint8Array(0)).corpus.entries.length, 0);
  });

  it('passes the options by their C names', () => {
    const r = faqlite.importText(guide, {
      lang: 'en', name: 'Shop', idPrefix: 'shop-', drop: ['^Where is the shop'],
      format: 'markdown', keepBoilerplate: false,
    });
    assert.equal(r.corpus.name, 'Shop');
    assert.equal(r.report.lang_detected, false);
    assert.ok(r.corpus.entries.every((e) => e.id.startsWith('shop-')));
    assert.deepEqual(r.report.dropped.map((d) => d.line), [14]);
    const long = Array.from({ length: 12 },
      (_, i) => `Paragraph ${i} has exactly seven words here.`).join('\n\n');
    const split = faqlite.importText(long, { maxPassageWords: 20, minPassageWords: 5 });
    assert.ok(split.corpus.entries.length > faqlite.importText(long).corpus.entries.length);
  });

  it('gives a corpus the engine indexes', async () => {
    const engine = new faqlite.Engine();
    try {
      engine.indexText(JSON.stringify(faqlite.importText(guide).corpus));
      const r = await engine.ask('can you repair my bicycle?', { lang: 'en' });
      assert.equal(r.answers[0].id, 'faq-do-you-repair-bicycles');
    } finally {
      engine.close();
    }
  });

  it('refuses bad arguments and options', () => {
    const T = 'ERR_INVALID_ARG_TYPE';
    assert.throws(() => faqlite.importText(), argError(T, /text/));
    assert.throws(() => faqlite.importText(42), argError(T, /text/));
    assert.throws(() => faqlite.importText(new Float32Array(2)), argError(T, /text/));
    assert.throws(() => faqlite.importText(guide, 'en'), argError(T, /options/));
    assert.throws(() => faqlite.importText(guide, { lang: 1 }), argError(T, /options\.lang/));
    assert.throws(() => faqlite.importText(guide, { maxPassageWords: '9' }),
      argError(T, /options\.maxPassageWords/));
    assert.throws(() => faqlite.importText(guide, { minPassageWords: 2.5 }),
      argError(T, /options\.minPassageWords/));
    assert.throws(() => faqlite.importText(guide, { drop: '^Share' }),
      argError(T, /options\.drop/));
    assert.throws(() => faqlite.importText(guide, { drop: ['a', 2] }),
      argError(T, /options\.drop\[1\]/));
    assert.throws(() => faqlite.importText(guide, { keepBoilerplate: 'yes' }),
      argError(T, /keepBoilerplate/));
    const E = 'FAQLITE_EINVAL';
    assert.throws(() => faqlite.importText(guide, { lang: 'tlh' }), engineError(E, /tlh/));
    assert.throws(() => faqlite.importText(guide, { drop: ['('] }), engineError(E, /drop/));
    assert.throws(() => faqlite.importText(guide, { format: 'html' }), engineError(E, /format/));
    assert.throws(() => faqlite.importText(guide, { maxPassageWords: -1 }),
      engineError(E, /max_passage_words/));
    assert.throws(() => faqlite.importText(guide, { noSuchOption: 1 }),
      engineError(E, /noSuchOption/));
  });
});

describe('check', () => {
  it('finds the bundled corpus ok', () => {
    const r = faqlite.check(corpus);
    assert.equal(r.ok, true, r.problems.map((p) => p.text).join('\n'));
    assert.equal(r.errors, 0);
    assert.ok(r.entries > 0);
    assert.ok('en' in r.languages);
    assert.equal(r.files.length, fs.readdirSync(corpus).filter((f) => f.endsWith('.json')).length);
  });

  it('reports errors with file and line, and returns normally', () => {
    const file = path.join(checkData, 'dangling_follow_up.json');
    const r = faqlite.check([file]);
    assert.equal(r.ok, false);
    assert.equal(r.errors, 1);
    assert.equal(r.warnings, 0);
    const [p] = r.problems;
    assert.deepEqual([p.severity, p.code, p.field, p.file, p.line, p.id, p.lang],
      ['error', 'dangling_follow_up', 'follow_ups', file, 10, 'a', 'en']);
    assert.ok(p.text.startsWith(`${file}:10: follow_ups: `), p.text);
  });

  it('treats missing translations as warnings unless required', () => {
    const folder = path.join(checkData, 'missing_translation');
    const r = faqlite.check(folder);
    assert.equal(r.ok, true);
    assert.equal(r.warnings, 1);
    assert.deepEqual(r.missing_translations, { es: ['b'] });
    const strict = faqlite.check(folder, { requireTranslations: true });
    assert.equal(strict.ok, false);
    assert.equal(strict.problems[0].code, 'missing_translation');
  });

  it('throws for a missing path and bad arguments', () => {
    assert.throws(() => faqlite.check([corpus, path.join(checkData, 'no-such-file.json')]),
      engineError('FAQLITE_ENOTFOUND', /no-such-file\.json/));
    const T = 'ERR_INVALID_ARG_TYPE';
    assert.throws(() => faqlite.check(3), argError(T, /paths/));
    assert.throws(() => faqlite.check(['a', null]), argError(T, /paths\[1\]/));
    assert.throws(() => faqlite.check('a\0b'), argError('ERR_INVALID_ARG_VALUE', /paths/));
    assert.throws(() => faqlite.check(corpus, { requireTranslations: 1 }),
      argError(T, /requireTranslations/));
    assert.throws(() => faqlite.check(corpus, { lang: 5 }), argError(T, /options\.lang/));
  });

  it('the native functions check their arguments too', () => {
    const native = require(process.env.FAQLITE_NODE_ADDON || '../build/faqlite.node');
    assert.throws(() => native.checkPaths('x', null), argError('ERR_INVALID_ARG_TYPE', /paths/));
    assert.throws(() => native.checkPaths([1], null), argError('ERR_INVALID_ARG_TYPE', /paths/));
    assert.throws(() => native.importText(null, null), argError('ERR_INVALID_ARG_TYPE', /text/));
    assert.throws(() => native.importText('x', '{not json'), engineError('FAQLITE_EINVAL', /./));
  });
});

describe('the same JSON as the CLI', () => {
  it('importText matches faqlite import', (t) => {
    const dir = tempDir(t);
    const guideFile = path.join(dir, 'guide.md');
    fs.writeFileSync(guideFile, guide);
    const cases = [
      [path.join(importData, 'helpdesk.md'), {}, []],
      [path.join(importData, 'web-export.txt'), { drop: ['(?i)^accept cookies'] },
        ['--drop', '(?i)^accept cookies']],
      [path.join(importData, 'guia-es.txt'), { maxPassageWords: 60, idPrefix: 'g-' },
        ['--max-words', '60', '--id-prefix', 'g-']],
      [guideFile, { keepBoilerplate: true, name: 'Shop' },
        ['--keep-boilerplate', '--name', 'Shop']],
    ];
    for (const [file, options, flags] of cases) {
      const reportFile = path.join(dir, 'report.json');
      const out = runCli('import', ...flags, '--report', reportFile, file);
      assert.equal(out.status, 0, file);
      const r = faqlite.importText(fs.readFileSync(file), { ...options, source: file });
      assert.deepEqual(r.corpus, JSON.parse(out.stdout), file);
      assert.deepEqual(r.report, JSON.parse(fs.readFileSync(reportFile, 'utf8')), file);
    }
  });

  it('check matches faqlite check --json', () => {
    const cases = [
      [[corpus], {}, []],
      [[checkData], {}, []],
      [[path.join(checkData, 'missing_translation'), path.join(checkData, 'lines.jsonl')],
        { requireTranslations: true, lang: 'en' }, ['--require-translations', '--lang', 'en']],
    ];
    for (const [paths, options, flags] of cases) {
      const out = runCli('check', '--json', ...flags, ...paths);
      const r = faqlite.check(paths, options);
      assert.deepEqual(r, JSON.parse(out.stdout));
      assert.equal(out.status, r.ok ? 0 : 1);
    }
  });
});
