// SPDX-FileCopyrightText: 2026 The HRM Users authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The app's browser sign-in end to end in a real browser (issue 12): the real
// hrm-users under Xvfb (tests/with-session.sh --display) against a real
// hrm-server without the password grant, with headless Chromium as its
// "system browser". The app starts with --sign-in-with-browser and hands the
// authorization URL to the test through the test-only HRM_TEST_OPEN_URI_FILE
// (instead of gtk_show_uri); Chromium opens it, the script fills the server's
// page in, the redirect reaches the app's own loopback listener, the tab says
// it can be closed, and the app shows the users list — which it reports
// through its benchmark hook (HRM_BENCH: "hrm-bench populated" on stderr once
// the first page of users is in the list).
// Run by run.sh, which skips where Chromium or playwright-core is missing.

'use strict';

const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const child_process = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PASSWORD = 'browser-test-password-1';
const WAIT_MS = 60000;  // a ceiling for each step, not what is tested

function log (...args) {
  console.log('#', ...args);
}

// hrm-server with the demo on a free port, as it runs by default (no
// --allow-password-grant); resolves to its base URL.
function startServer (dir) {
  const passwordFile = path.join(dir, 'password');
  fs.writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
  const server = child_process.spawn(process.env.HRM_SERVER_PATH, [
    '--listen', '127.0.0.1:0', '--db', path.join(dir, 'hrm.db'), '--mail-dir', path.join(dir, 'mail'),
    '--demo', '--demo-password-file', passwordFile, '--demo-users', '20',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/^Listening on (\S+?)\/?$/m);
      if (m) resolve({ server, url: m[1] });
    });
    server.on('exit', (code) => reject(new Error(`hrm-server exited (${code}) before listening`)));
  });
}

// The app, signing in through the browser at once; its stderr is watched for
// the benchmark hook's marks.
function startApp (base, uriFile) {
  const app = child_process.spawn(process.env.HRM_USERS_PATH,
    ['--server', base, '--sign-in-with-browser'], {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, HRM_TEST_OPEN_URI_FILE: uriFile, HRM_BENCH: '1' },
    });
  let err = '';
  const populated = new Promise((resolve, reject) => {
    app.stderr.on('data', (chunk) => {
      err += chunk;
      process.stderr.write(chunk);
      if (/^hrm-bench populated /m.test(err)) resolve();
    });
    app.on('exit', (code) => reject(new Error(`hrm-users exited (${code}) before showing the users`)));
  });
  return { app, populated };
}

function within (promise, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS / 1000} s`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The URL the app handed to its "system browser".
async function openedUri (uriFile) {
  for (;;) {
    try {
      const text = fs.readFileSync(uriFile, 'utf8').trim();
      if (text !== '') return text;
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main () {
  assert.ok(process.env.HRM_USERS_PATH, 'HRM_USERS_PATH names the app');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hrm-app-browser-'));
  const uriFile = path.join(dir, 'opened-uri');
  const { server, url: base } = await startServer(dir);
  const browser = await chromium.launch({
    executablePath: process.env.HRM_CHROMIUM,
    headless: true,
    // As root (containers) Chromium's sandbox cannot start.
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  let app = null;
  let failed = false;

  try {
    log('the app asks the browser to sign in');
    const started = startApp(base, uriFile);
    app = started.app;
    const uri = await within(openedUri(uriFile), 'URL from the app');
    assert.ok(uri.startsWith(`${base}/oauth/authorize?`), uri);
    const redirectUri = new URL(uri).searchParams.get('redirect_uri');
    assert.match(redirectUri, /^http:\/\/127\.0\.0\.1:\d+\//);

    log('the person signs in on the server\'s page in Chromium');
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const response = await page.goto(uri);
    assert.equal(response.status(), 200);
    await page.fill('#username', 'admin');
    await page.fill('#password', PASSWORD);
    await page.click('button[value=continue]');

    log('the redirect reaches the app, and the tab says so');
    await page.waitForURL(`${redirectUri}?**`, { timeout: WAIT_MS });
    assert.match(await page.textContent('body'), /You can close this tab and return to HRM Users/);

    log('the app shows the users list');
    await within(started.populated, 'users list in the app');
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    if (app !== null) app.kill('SIGTERM');
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
