import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import electronSecurity from 'eslint-plugin-electron-security';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'worker_threads', 'url', 'util', 'stream'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'reports/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty-pattern': 'off',
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  // shared/ is pure: no Node, DOM, Electron or database.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_BUILTINS, 'electron', 'better-sqlite3*', 'react*', '../electron/*', '../../electron/*', '../renderer/*', '../../renderer/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', 'localStorage', 'fetch'],
    },
  },
  // The renderer never reaches into the main process or the database.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_BUILTINS, 'electron', 'better-sqlite3*', '**/electron/**'] }],
    },
  },
  // The core runs in Electron, the CLI, the preview and tests: it must not import electron.
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/preview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'electron/core must run without Electron.' }] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ...electronSecurity.configs.recommended,
  },
);
