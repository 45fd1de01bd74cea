/**
 * The store conformance suite (__fixtures__/store-cases.ts) against SQLite and against a real
 * PostgreSQL started for this file (test/postgres.ts): one set of cases, both stores.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe } from "vitest";
import { describeWithPostgres } from "@/test/postgres";
import { openStores, type Stores } from "./open";
import { storeConformanceCases } from "./__fixtures__/store-cases";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("store conformance: SQLite", () => {
  const files = new Map<Stores, string>();
  storeConformanceCases({
    async open() {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "store-conf-")), "history.db");
      const stores = openStores(`sqlite:${file}`);
      await stores.ready();
      files.set(stores, file);
      cleanups.push(async () => {
        await stores.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      });
      return stores;
    },
    async raw(stores, sql) {
      const db = new Database(files.get(stores)!);
      try {
        return db.prepare(sql).run();
      } finally {
        db.close();
      }
    },
  });
});

describeWithPostgres("store conformance: PostgreSQL", (server) => {
  const urls = new Map<Stores, string>();
  storeConformanceCases({
    async open() {
      const db = await server().createDatabase();
      const stores = openStores(db.url);
      await stores.ready();
      urls.set(stores, db.url);
      cleanups.push(async () => {
        await stores.close();
        await db.drop();
      });
      return stores;
    },
    async raw(stores, sql) {
      const client = new pg.Client({ connectionString: urls.get(stores)! });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
  });
});
