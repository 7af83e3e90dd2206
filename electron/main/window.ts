import path from 'node:path';
import { app, BrowserWindow, shell } from 'electron';
import { APP_ORIGIN, isAppUrl } from './origin';

export { APP_ORIGIN };

/** The single app window, hardened: isolated, sandboxed, no Node, no navigation, no new windows. */
export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'Plumbline',
    show: false,
    webPreferences: {
      // Reviewed: the preload only exposes one typed function per contract operation (no ipcRenderer).
      preload: path.join(preloadDir, 'index.cjs'), /* eng-disable PRELOAD_JS_CHECK */
      disableBlinkFeatures: 'Auxclick',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: true,
      // A packaged build has no developer tools at all (the menu offers none either).
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void shell; // external links are never opened: the app makes no network calls
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
