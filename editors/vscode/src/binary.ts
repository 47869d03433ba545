// Finding the prodready binary: the configured path, else PATH, GOBIN and
// GOPATH/bin, the places a user's install puts it.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The command that installs prodready, shown when it cannot be found. */
export const installCommand = 'go install github.com/prodready/prodready/cmd/prodready@latest';

/** Where the binary is, or a sentence saying why it could not be found. */
export type Found = { path: string } | { error: string };

/**
 * findServer returns the prodready executable to run. A configured path is
 * used as given (after expanding a leading ~) and must be an executable
 * file. Otherwise the first executable named prodready in the PATH
 * directories, then in GOBIN, then in the bin directory of each GOPATH entry
 * ($HOME/go when GOPATH is unset) wins.
 */
export function findServer(configured: string, env: NodeJS.ProcessEnv, home = os.homedir()): Found {
  const exe = process.platform === 'win32' ? 'prodready.exe' : 'prodready';
  if (configured.trim() !== '') {
    const p = expandHome(configured.trim(), home);
    if (isExecutable(p)) {
      return { path: p };
    }
    return { error: `prodready.path is set to "${configured}", which is not an executable file` };
  }
  const dirs = split(env.PATH ?? env.Path);
  if (env.GOBIN) {
    dirs.push(env.GOBIN);
  }
  const gopath = split(env.GOPATH);
  for (const dir of gopath.length > 0 ? gopath : [path.join(home, 'go')]) {
    dirs.push(path.join(dir, 'bin'));
  }
  for (const dir of dirs) {
    const p = path.join(expandHome(dir, home), exe);
    if (isExecutable(p)) {
      return { path: p };
    }
  }
  return { error: 'the prodready binary was not found on PATH, in GOBIN or in GOPATH/bin' };
}

function split(list: string | undefined): string[] {
  return (list ?? '').split(path.delimiter).filter((d) => d !== '');
}

/** expandHome replaces a leading ~ in p by home. */
export function expandHome(p: string, home = os.homedir()): string {
  if (p === '~') {
    return home;
  }
  if (p.startsWith('~/') || p.startsWith('~' + path.sep)) {
    return path.join(home, p.slice(2));
  }
  return p;
}

function isExecutable(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
