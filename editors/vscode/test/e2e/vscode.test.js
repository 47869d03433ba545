// The extension in real VS Code: code-server, started by ../e2e.sh with the
// packaged .vsix installed, driven in headless Chromium through the keyboard
// as a user would. Each step saves a screenshot to ARTIFACTS.
//
// Environment (set by e2e.sh): URL of code-server, WS the workspace (a copy
// of testdata/example), FILE the file with the finding, LINE and COL its
// position, RULE and PATTERN the finding's rule and preferred pattern,
// EXPECTED a file holding what FILE must become (the CLI's fix), SETTINGS the
// user settings.json (the workspace's is WS/.vscode/settings.json), SERVER
// the prodready binary, ARTIFACTS.
'use strict';

const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through test/e2e.sh`);
  return v;
};
const URL = env('URL'), WS = env('WS'), FILE = env('FILE'), RULE = env('RULE'), PATTERN = env('PATTERN');
const LINE = env('LINE'), COL = env('COL'), SETTINGS = env('SETTINGS'), SERVER = env('SERVER');
const ARTIFACTS = env('ARTIFACTS');
const EXPECTED = fs.readFileSync(env('EXPECTED'), 'utf8');
const target = path.join(WS, FILE);
const WS_SETTINGS = path.join(WS, '.vscode', 'settings.json'); // sets prodready.trace.server to messages
const LOGS = path.join(path.dirname(path.dirname(SETTINGS)), 'logs');

// Messages of findings in the fixture, as the Problems panel shows them.
const SECRET = 'exposing a secret';                               // sensitive-field, the one fixed
const NO_CONTEXT = "cannot take the request's context";          // no-context, turned off by a setting
const ERROR_DETAIL = 'error text from store.CreateProject';       // error-detail, stays

/** serverPids returns the ids of the running `prodready serve` processes started from SERVER. */
function serverPids() {
  const pids = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let argv;
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (argv[0] === SERVER && argv[1] === 'serve') pids.push(Number(pid));
  }
  return pids;
}

async function until(what, cond, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the prodready extension in VS Code', { timeout: 8 * 60000 }, async (t) => {
  const profile = fs.mkdtempSync(path.join(ARTIFACTS, '..', '.chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  t.after(async () => {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });
  const page = browser.pages()[0] || (await browser.newPage());
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  const problem = (text) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
  const runCommand = async (title) => {
    await page.keyboard.press('Control+1'); // focus the editor so the palette opens over it
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  };

  // Settings are changed as a user does: in settings.json, opened from the
  // palette (VS Code in code-server does not notice a settings file written
  // behind its back). marker is a text the file already holds.
  const changeSettings = async (command, file, marker, extra) => {
    const settings = { ...JSON.parse(fs.readFileSync(file, 'utf8')), ...extra };
    await runCommand(command);
    // VS Code 1.139 opens it in a modal editor, with no tab: wait for its text.
    await page.locator('.monaco-editor.focused .view-lines', { hasText: marker }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify(settings, null, 2));
    await page.keyboard.press('Control+Shift+End'); // whatever the editor closed for us after the cursor
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+S');
    await until(`${file} to be saved`, () => {
      try {
        return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) === JSON.stringify(settings);
      } catch {
        return false; // not written yet
      }
    }, 15000);
    // The file is written before the editor marks itself saved: closing it at
    // once can still ask whether to save.
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+W');
    const ask = page.locator('.monaco-dialog-box', { hasText: 'Do you want to save' });
    if (await ask.waitFor({ timeout: 1000 }).then(() => true, () => false)) {
      await ask.getByRole('button', { name: 'Save', exact: true }).click();
    }
    await page.locator('.monaco-editor.focused .view-lines', { hasText: marker }).first().waitFor({ state: 'detached', timeout: 5000 });
  };
  const userSettings = (extra) =>
    changeSettings('Preferences: Open User Settings (JSON)', SETTINGS, 'workbench.startupEditor', extra);
  const workspaceSettings = (extra) =>
    changeSettings('Preferences: Open Workspace Settings (JSON)', WS_SETTINGS, 'prodready.trace.server', extra);

  // Every step needs the ones before it: after a failure the rest are skipped.
  let failed = false;
  const step = (name, fn) =>
    t.test(name, async (st) => {
      if (failed) return st.skip('an earlier step failed');
      try {
        await fn();
      } catch (err) {
        failed = true;
        await shot(`fail-${name.replace(/\W+/g, '-')}`).catch(() => {});
        throw err;
      }
    });

  await step('the Problems panel shows the finding', async () => {
    await page.goto(`${URL}/?folder=${encodeURIComponent(WS)}`);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 90000 });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type(FILE);
    await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${path.basename(FILE)}"]`).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tab[data-resource-name="${path.basename(FILE)}"]`).waitFor({ timeout: 20000 });
    await page.keyboard.press('Control+Shift+M');
    const row = problem(SECRET);
    await row.waitFor({ timeout: 90000 }); // the server loads and analyses the workspace first
    const text = await row.innerText();
    assert.match(text, /prodready/, 'the problem names its source');
    assert.match(text, new RegExp(RULE), 'the problem names its rule');
    await shot('1-problems');
  });

  await step('prodready.trace.server traces the protocol', async () => {
    const traces = () =>
      fs.readdirSync(LOGS, { recursive: true })
        .filter((f) => path.basename(f) === 'prodready trace.log')
        .map((f) => fs.readFileSync(path.join(LOGS, f), 'utf8'))
        .join('');
    await until('the trace of initialize', () => /Sending request 'initialize/.test(traces()), 15000);
    assert.match(traces(), /Received notification 'textDocument\/publishDiagnostics'/);
  });

  await step(`Ctrl+. offers ${PATTERN} and applies it`, async () => {
    const item = page.locator('.action-widget .monaco-list-row', { hasText: `(${PATTERN})` }).first();
    // Go to the finding, then ask for quick fixes; retry while the server is still busy.
    for (let i = 1; ; i++) {
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
      await page.keyboard.type(`${LINE}:${COL}`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+.');
      try {
        await item.waitFor({ timeout: 3000 });
        break;
      } catch (err) {
        if (i === 10) throw new Error(`the quick fix menu never offered ${PATTERN}`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1000);
      }
    }
    assert.match(await item.innerText(), /^Apply pattern: .+ \(.+\)$/);
    await shot('2-quickfix-menu');
    await page.locator('.part.editor').screenshot({ path: path.join(ARTIFACTS, 'quickfix-editor.png') }); // the README's
    await item.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'toUserResponses(members)' }).first().waitFor({ timeout: 20000 });
  });

  await step('saving writes the pattern to disk', async () => {
    await page.keyboard.press('Control+S');
    await until('the file on disk', () => fs.readFileSync(target, 'utf8') === EXPECTED, 15000).catch(() => {
      assert.equal(fs.readFileSync(target, 'utf8'), EXPECTED, 'the saved file is what prodready check -fix makes');
    });
  });

  await step('the finding is gone from the Problems panel', async () => {
    await problem(SECRET).waitFor({ state: 'detached', timeout: 60000 });
    await problem(ERROR_DETAIL).waitFor({ timeout: 5000 }); // the other findings stay
    await shot('3-fixed');
  });

  await step('the fixed workspace builds and the CLI no longer reports the finding', async () => {
    execFileSync('go', ['build', './...'], { cwd: WS, stdio: 'inherit' });
    execFileSync('go', ['vet', './...'], { cwd: WS, stdio: 'inherit' });
    let out;
    try {
      out = execFileSync(SERVER, ['check', '-format', 'json', './...'], { cwd: WS, encoding: 'utf8' });
    } catch (err) {
      assert.equal(err.status, 1, `prodready check: ${err.stderr}`); // 1: findings remain, others than this one
      out = err.stdout;
    }
    const findings = JSON.parse(out).findings;
    assert.ok(findings.length > 0, 'the other findings remain');
    assert.deepEqual(findings.filter((f) => f.rule === RULE), []);
  });

  await step('prodready.rules turns a rule off', async () => {
    await problem(NO_CONTEXT).waitFor({ timeout: 5000 });
    await userSettings({ 'prodready.rules': { 'no-context': 'off' } });
    await problem(NO_CONTEXT).waitFor({ state: 'detached', timeout: 60000 });
    await problem(ERROR_DETAIL).waitFor({ timeout: 5000 });
    await shot('4-rule-off');
  });

  await step('Show Route Table opens the routes of the workspace', async () => {
    await runCommand('prodready: Show Route Table');
    await page.locator('.tab', { hasText: 'Routes (' }).first().waitFor({ timeout: 60000 });
    const table = page.locator('.monaco-editor .view-lines', { hasText: '/users/lookup' }).first();
    await table.waitFor({ timeout: 10000 });
    assert.match(await table.innerText(), /METHOD\s+PATH\s+HANDLER/);
    await shot('5-routes');
  });

  await step('Restart Language Server starts a new server that keeps the settings', async () => {
    const before = await until('a running server', () => {
      const pids = serverPids();
      return pids.length === 1 && pids;
    });
    await runCommand('prodready: Restart Language Server');
    await until('a new server', () => {
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== before[0];
    });
    await problem(ERROR_DETAIL).waitFor({ timeout: 60000 });
    // initializationOptions carried prodready.rules to the new server.
    assert.equal(await problem(NO_CONTEXT).count(), 0, 'no-context is still off after the restart');
    await shot('6-restarted');
  });

  await step('a prodready.path that is no executable is reported', async () => {
    await workspaceSettings({ 'prodready.path': path.join(WS, 'no-such-prodready') });
    const toast = page.locator('.notifications-toasts', { hasText: 'not an executable file' }).first();
    await toast.waitFor({ timeout: 30000 });
    assert.match(await toast.innerText(), /prodready\.path/);
    await until('the server to stop', () => serverPids().length === 0, 15000);
    await shot('7-bad-path');
  });
});
