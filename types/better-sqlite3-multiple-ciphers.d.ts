// The package ships its own typings but its "exports" map hides them from TypeScript's resolver.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
