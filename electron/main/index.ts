import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, ipcMain, Menu, session, shell, type BrowserWindow } from 'electron';
import { createCore } from '../core/index';
import { backupInBackground } from '../core/db/backgroundBackup';
import { generateDemo } from '../core/demo/generate';
import { demoFileFor } from '../core/demo/file';
import { SessionTable } from '../core/session/table';
import { createSenderCheck, registerIpc } from './ipc';
import { loadOrCreateKey } from './keystore';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { createMainWindow } from './window';
import { menuTemplate } from './menu';
import { isAppUrl } from './origin';
import { openOrOfferRestore } from './startup';

registerSchemePrivileges();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });

  void app.whenReady().then(() => {
    // No permission (camera, notifications, geolocation…) is ever granted, and nothing remote is loaded.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const allowed = isAppUrl(details.url) || (!app.isPackaged && details.url.startsWith('devtools://')) || details.url.startsWith('data:') || details.url.startsWith('blob:');
      callback({ cancel: !allowed });
    });

    const userData = app.getPath('userData');
    const dbFile = process.env.PLUMBLINE_DB ?? path.join(userData, 'plumbline.db');
    const firstRun = !fs.existsSync(dbFile);
    const { key, warning } = loadOrCreateKey(userData, dbFile);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ production: app.isPackaged, platform: process.platform })));
    // A damaged database: a dialog names the newest good backup and offers to restore it in one step.
    const opened = openOrOfferRestore(dbFile, key, {
      open: () => createCore({ dbFile, key, create: firstRun, runtime: { transport: 'electron', keyWarning: warning, revealFile: (file) => shell.showItemInFolder(file), openDemo: switchToDemo } }),
      askToRestore: (problem, advice) =>
        dialog.showMessageBoxSync({
          type: 'error',
          title: 'Plumbline',
          message: 'Plumbline cannot open its database: the file is damaged.',
          detail: `${problem}\n\nThe newest good backup is ${advice.backup}, written ${advice.made}. Restoring it keeps the damaged file beside it as ${path.basename(dbFile)}.before-restore.`,
          buttons: ['Restore this backup', 'Quit'],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        }) === 0
          ? 'restore'
          : 'quit',
      tellCannotOpen: (problem) => dialog.showErrorBox('Plumbline cannot open its database', problem),
    });
    if (!opened) {
      app.quit();
      return;
    }
    // A new real database starts empty (the first-start screen); the demo is its own file beside it.
    const holder = { core: opened.core };
    const sessions = new SessionTable<number>(() => holder.core.ctx.db);

    serveRenderer(path.join(__dirname, '../renderer'));
    registerIpc(ipcMain, createSenderCheck(() => win?.webContents.id ?? null), (p, n, i) => holder.core.dispatch(p, n, i), sessions);
    win = createMainWindow(path.join(__dirname, '../preload'));
    const windowId = win.webContents.id;
    win.on('closed', () => {
      sessions.forget(windowId);
      win = null;
    });
    app.on('will-quit', () => holder.core.close());
    // The first open of each London day writes a verified backup beside the database (backups/),
    // on a worker thread once the window is on its way: it never holds up the first page.
    void backupInBackground(dbFile, key, holder.core.ctx.now()).then((backup) => {
      if (backup.warning) console.warn(`[plumbline] ${backup.warning}`);
    });

    /** First start's "Explore the demo": switch to the demo file beside the real one (same sealed key). */
    async function switchToDemo(): Promise<void> {
      const demoFile = demoFileFor(dbFile);
      const create = !fs.existsSync(demoFile);
      const demo = createCore({ dbFile: demoFile, key, create, runtime: { transport: 'electron', keyWarning: warning, revealFile: (file) => shell.showItemInFolder(file) } });
      if (create) generateDemo(demo.ctx, { seed: 2026 });
      const old = holder.core;
      holder.core = demo;
      sessions.clear();
      old.close();
    }
  });

  app.on('window-all-closed', () => app.quit());
}
