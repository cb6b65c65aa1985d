/**
 * Reads every stored text value straight from the tables, so checks (damage left by the source,
 * script conversion) cover every column, including ones added later, not just what the API shows.
 */
import { is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client';
import * as schema from './schema';

export interface TextColumns {
  table: string;
  /** SQL names of the table's text columns. */
  columns: string[];
}

/** Every table of the schema with its text columns (tables without any are left out). */
export function textColumns(): TextColumns[] {
  return Object.values(schema as Record<string, unknown>)
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => {
      const config = getTableConfig(table);
      return {
        table: config.name,
        columns: config.columns.filter((column) => column.getSQLType() === 'text').map((column) => column.name),
      };
    })
    .filter((entry) => entry.columns.length > 0)
    .sort((a, b) => a.table.localeCompare(b.table));
}

export interface StoredText {
  table: string;
  column: string;
  rowid: number;
  value: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every non-null text value in the database, with where it is stored. */
export async function readStoredTexts(db: Pick<Database, 'all'>): Promise<StoredText[]> {
  const texts: StoredText[] = [];
  for (const { table, columns } of textColumns()) {
    const rows = await db.all<Record<string, unknown>>(
      sql.raw(`SELECT rowid AS __rowid, ${columns.map(quote).join(', ')} FROM ${quote(table)}`),
    );
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        if (typeof value === 'string') texts.push({ table, column, rowid: Number(row['__rowid']), value });
      }
    }
  }
  return texts;
}

export interface ScriptPair {
  table: string;
  /** Column prefix, e.g. `name` for name_zh_hant / name_zh_hans. */
  attribute: string;
  rowid: number;
  zhHant: string | null;
  zhHans: string | null;
}

/** Every pair of Traditional and Simplified columns of one attribute, row by row. */
export async function readScriptPairs(db: Pick<Database, 'all'>): Promise<ScriptPair[]> {
  const pairs: ScriptPair[] = [];
  for (const { table, columns } of textColumns()) {
    const attributes = columns
      .filter((column) => column.endsWith('_zh_hant') && columns.includes(column.replace(/_zh_hant$/, '_zh_hans')))
      .map((column) => column.slice(0, -'_zh_hant'.length));
    if (attributes.length === 0) continue;
    const selected = attributes.flatMap((attribute) => [`${attribute}_zh_hant`, `${attribute}_zh_hans`]);
    const rows = await db.all<Record<string, unknown>>(
      sql.raw(`SELECT rowid AS __rowid, ${selected.map(quote).join(', ')} FROM ${quote(table)}`),
    );
    for (const row of rows) {
      for (const attribute of attributes) {
        const zhHant = row[`${attribute}_zh_hant`];
        const zhHans = row[`${attribute}_zh_hans`];
        pairs.push({
          table,
          attribute,
          rowid: Number(row['__rowid']),
          zhHant: typeof zhHant === 'string' ? zhHant : null,
          zhHans: typeof zhHans === 'string' ? zhHans : null,
        });
      }
    }
  }
  return pairs;
}
