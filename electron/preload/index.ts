import { contextBridge, ipcRenderer } from 'electron';
import { OP_NAMES } from '../../shared/api/index';

/**
 * Exposes one typed function per contract operation on window.plumbline — no ipcRenderer,
 * no generic invoke: only the channels the contract names.
 */
const bridge = Object.freeze(Object.fromEntries(OP_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)])));

contextBridge.exposeInMainWorld('plumbline', bridge);
