import fs from 'node:fs';
import path from 'node:path';
import { app, ipcMain, session, shell, type BrowserWindow } from 'electron';
import { createCore } from '../core/index';
import { generateDemo } from '../core/demo/generate';
import { createSenderCheck, registerIpc } from './ipc';
import { loadOrCreateKey } from './keystore';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { APP_ORIGIN, createMainWindow } from './window';

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
      if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
    });
  });

  void app.whenReady().then(() => {
    // No permission (camera, notifications, geolocation…) is ever granted, and nothing remote is loaded.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const allowed = details.url.startsWith('app://') || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
      callback({ cancel: !allowed });
    });

    const userData = app.getPath('userData');
    const dbFile = process.env.PLUMBLINE_DB ?? path.join(userData, 'plumbline.db');
    const firstRun = !fs.existsSync(dbFile);
    const { key, warning } = loadOrCreateKey(userData, dbFile);
    const core = createCore({ dbFile, key, create: firstRun, runtime: { transport: 'electron', keyWarning: warning, revealFile: (file) => shell.showItemInFolder(file) } });
    if (firstRun) generateDemo(core.ctx, { seed: 2026 });

    serveRenderer(path.join(__dirname, '../renderer'));
    registerIpc(ipcMain, createSenderCheck(() => win?.webContents.id ?? null, APP_ORIGIN), core.dispatch);
    win = createMainWindow(path.join(__dirname, '../preload'));
    win.on('closed', () => (win = null));
    app.on('will-quit', () => core.close());
  });

  app.on('window-all-closed', () => app.quit());
}
