#!/usr/bin/env node
// Builds the addon (build/faqlite.node) with the system C compiler: no node-gyp and nothing
// downloaded. Node-API headers come from the node-api-headers package when it is installed, else
// from the headers that ship with Node.js (Debian's libnode-dev, or a Node.js install's
// include/node). libfaqlite is linked with an rpath to the folder it was found in.
//
// Environment: CC, FAQLITE_NODE_API_HEADERS (folder of node_api.h), FAQLITE_INCLUDE_DIR (folder
// of faqlite.h), FAQLITE_LIBRARY_DIR (folder of libfaqlite.so), FAQLITE_BUILD_DIR (a faqlite
// build tree).
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const repo = path.resolve(here, '..', '..');

function firstWith(file, dirs, what) {
  const tried = [];
  for (const dir of dirs) {
    if (!dir) continue;
    if (fs.existsSync(path.join(dir, file))) return dir;
    tried.push(dir);
  }
  throw new Error(`faqlite addon: ${what} not found (${file}); tried:\n  ${tried.join('\n  ')}`);
}

function pkgConfig(variable) {
  try {
    return execFileSync('pkg-config', [`--variable=${variable}`, 'faqlite'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

function nodeApiHeaders() {
  let fromPackage = '';
  try {
    fromPackage = require('node-api-headers').include_dir;
  } catch {
    // not installed: the headers that came with Node.js will do
  }
  const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
  return firstWith('node_api.h', [
    process.env.FAQLITE_NODE_API_HEADERS,
    fromPackage,
    path.join(nodePrefix, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ], 'the Node-API headers (install libnode-dev, or run npm install for node-api-headers)');
}

function faqliteHeaders() {
  return firstWith('faqlite.h', [
    process.env.FAQLITE_INCLUDE_DIR,
    path.join(repo, 'include'),
    pkgConfig('includedir'),
    '/usr/local/include',
    '/usr/include',
  ], 'the faqlite header');
}

function faqliteLibraryDir() {
  return firstWith('libfaqlite.so', [
    process.env.FAQLITE_LIBRARY_DIR,
    process.env.FAQLITE_BUILD_DIR,
    path.join(repo, 'build'),
    pkgConfig('libdir'),
    '/usr/local/lib',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib',
  ], 'libfaqlite (build faqlite first: scripts/build.sh)');
}

function main() {
  const napiDir = nodeApiHeaders();
  const includeDir = faqliteHeaders();
  const libDir = faqliteLibraryDir();
  const out = path.join(here, 'build', 'faqlite.node');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const cc = process.env.CC || 'cc';
  const args = [
    '-std=c11', '-O2', '-g', '-Wall', '-Wextra', '-Wno-unused-parameter',
    '-fPIC', '-shared', '-fvisibility=hidden',
    '-I', napiDir, '-I', includeDir,
    path.join(here, 'src', 'addon.c'),
    '-o', out,
    '-L', libDir, '-lfaqlite', `-Wl,-rpath,${libDir}`,
  ];
  console.log(`faqlite addon: ${cc} (Node-API headers: ${napiDir}; libfaqlite: ${libDir})`);
  execFileSync(cc, args, { stdio: 'inherit' });
  console.log(`faqlite addon: built ${path.relative(process.cwd(), out) || out}`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

module.exports = { nodeApiHeaders, faqliteHeaders, faqliteLibraryDir };
