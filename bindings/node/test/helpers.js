// Shared pieces of the addon's tests: paths of the repository, corpus and CLI, a temporary folder,
// and a small corpus whose answers are known in advance.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..', '..');
const corpus = path.join(repo, 'corpus');
const buildDir = process.env.FAQLITE_BUILD_DIR || path.join(repo, 'build');
const cli = process.env.FAQLITE_CLI || path.join(buildDir, 'faqlite');

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faqlite-node-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const smallCorpus = {
  faqlite: 1,
  lang: 'en',
  fallback: 'No idea, sorry.',
  synonyms: [['bicycle', 'bike']],
  entries: [
    {
      id: 'opening-hours', question: 'When is the shop open?',
      alternates: ['opening hours', 'what time do you open'],
      answer: 'The shop is open from 9 to 17, Monday to Saturday.',
      tags: ['shop'], follow_ups: ['location'],
    },
    {
      id: 'location', question: 'Where is the shop?',
      answer: 'The shop is at 12 Harbour Street, next to the ferry terminal.', tags: ['shop'],
    },
    {
      id: 'bicycle-repair', question: 'Do you repair bicycles?',
      answer: 'Yes, we repair bicycles of every brand within two days.',
      tags: ['service'], section: 'Services',
    },
    {
      id: 'parking', kind: 'passage', title: 'Parking', section: 'Visiting',
      answer: 'Free parking for customers is available behind the building.',
    },
    {
      id: 'opening-hours', lang: 'es', question: '¿Cuándo abre la tienda?',
      answer: 'La tienda abre de 9 a 17, de lunes a sábado.',
    },
  ],
};

module.exports = { repo, corpus, buildDir, cli, tempDir, smallCorpus };
