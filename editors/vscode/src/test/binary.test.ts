import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

import { findServer } from '../binary';

/** tree makes a temporary directory holding the given files; those ending in * are made executable. */
const roots: string[] = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-binary-'));
  roots.push(root);
  for (const f of files) {
    const exec = f.endsWith('*');
    const p = path.join(root, exec ? f.slice(0, -1) : f);
    if (p.endsWith('/')) {
      fs.mkdirSync(p, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '#!/bin/sh\n', { mode: exec ? 0o755 : 0o644 });
  }
  return root;
}

test('a configured path is used as given', () => {
  const root = tree(['custom/prodready-dev*', 'bin/prodready*']);
  const want = path.join(root, 'custom/prodready-dev');
  assert.deepEqual(findServer(want, { PATH: path.join(root, 'bin') }, root), { path: want });
});

test('a configured path starting with ~ is in the home directory', () => {
  const root = tree(['tools/prodready*']);
  assert.deepEqual(findServer('~/tools/prodready', {}, root), { path: path.join(root, 'tools/prodready') });
});

test('a configured path that is not executable is an error naming the setting, not a fallback to PATH', () => {
  const root = tree(['custom/prodready', 'bin/prodready*']);
  const got = findServer(path.join(root, 'custom/prodready'), { PATH: path.join(root, 'bin') }, root);
  assert.ok('error' in got);
  assert.match(got.error, /^prodready\.path is set to ".*custom\/prodready", which is not an executable file$/);
});

test('PATH is searched in order, skipping non-executables and directories', () => {
  const root = tree(['a/prodready', 'b/prodready/', 'c/prodready*', 'd/prodready*']);
  const PATH = ['a', 'b', 'c', 'd'].map((d) => path.join(root, d)).join(path.delimiter);
  assert.deepEqual(findServer('', { PATH }, root), { path: path.join(root, 'c/prodready') });
});

test('PATH comes before GOBIN, GOBIN before GOPATH/bin', () => {
  const root = tree(['path/prodready*', 'gobin/prodready*', 'gopath/bin/prodready*']);
  const env = { PATH: path.join(root, 'path'), GOBIN: path.join(root, 'gobin'), GOPATH: path.join(root, 'gopath') };
  assert.deepEqual(findServer('', env, root), { path: path.join(root, 'path/prodready') });
  assert.deepEqual(findServer('', { ...env, PATH: '' }, root), { path: path.join(root, 'gobin/prodready') });
  assert.deepEqual(findServer('', { GOPATH: env.GOPATH }, root), { path: path.join(root, 'gopath/bin/prodready') });
});

test('every GOPATH entry is searched, and $HOME/go when GOPATH is unset', () => {
  const root = tree(['one/', 'two/bin/prodready*', 'go/bin/prodready*']);
  const GOPATH = [path.join(root, 'one'), path.join(root, 'two')].join(path.delimiter);
  assert.deepEqual(findServer('', { GOPATH }, root), { path: path.join(root, 'two/bin/prodready') });
  assert.deepEqual(findServer('', {}, root), { path: path.join(root, 'go/bin/prodready') });
});

test('a missing binary is an error that says where it was looked for', () => {
  const root = tree(['bin/', 'go/bin/']);
  assert.deepEqual(findServer('', { PATH: path.join(root, 'bin') }, root), {
    error: 'the prodready binary was not found on PATH, in GOBIN or in GOPATH/bin',
  });
});
