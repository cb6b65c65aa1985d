/**
 * SQL text analysis. sqld parses every statement before running it: to reject strings holding
 * several statements, to tell INSERT/UPDATE/DELETE apart (for affected_row_count/last_insert_rowid)
 * and to split `sequence` scripts. The libsql binding silently ignores anything after the first
 * statement, so the same has to be done here, with a tokenizer that follows SQLite's lexical rules.
 */

const SQLITE_MAX_VARIABLE_NUMBER = 32_766;

type TokenKind = 'word' | 'string' | 'quoted' | 'number' | 'param' | 'semi' | 'lparen' | 'rparen' | 'other';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

function isIdStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function isIdChar(ch: string | undefined): boolean {
  return ch !== undefined && (/[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80);
}

/** Splits SQL into tokens, dropping whitespace and comments. Unterminated strings run to the end. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, text: sql.slice(start, end), start, end });
  const skipIdChars = (from: number) => {
    let j = from;
    while (isIdChar(sql[j])) j += 1;
    return j;
  };
  const skipQuoted = (from: number, close: string) => {
    let j = from + 1;
    for (;;) {
      const end = sql.indexOf(close, j);
      if (end === -1) return sql.length;
      // A doubled closing quote is an escaped quote (not for [brackets]).
      if (close !== ']' && sql[end + 1] === close) j = end + 2;
      else return end + 1;
    }
  };

  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'") {
      const end = skipQuoted(i, "'");
      push('string', i, end);
      i = end;
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const end = skipQuoted(i, ch === '[' ? ']' : ch);
      push('quoted', i, end);
      i = end;
    } else if (ch === ';') {
      push('semi', i, i + 1);
      i += 1;
    } else if (ch === '(' || ch === ')') {
      push(ch === '(' ? 'lparen' : 'rparen', i, i + 1);
      i += 1;
    } else if (ch === '?') {
      let j = i + 1;
      while (/[0-9]/.test(sql[j] ?? '')) j += 1;
      push('param', i, j);
      i = j;
    } else if ((ch === ':' || ch === '@') && isIdChar(next)) {
      const end = skipIdChars(i + 1);
      push('param', i, end);
      i = end;
    } else if (ch === '$' && isIdChar(next)) {
      // Tcl-style variables may continue with `::name` segments and a `(suffix)`.
      let j = skipIdChars(i + 1);
      while (sql.startsWith('::', j)) j = skipIdChars(j + 2);
      if (sql[j] === '(') {
        const close = sql.indexOf(')', j);
        j = close === -1 ? sql.length : close + 1;
      }
      push('param', i, j);
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next ?? ''))) {
      let j = i + 1;
      while (j < sql.length) {
        const c = sql[j] ?? '';
        if ((c === 'e' || c === 'E') && (sql[j + 1] === '+' || sql[j + 1] === '-')) j += 2;
        else if (/[0-9A-Za-z_.]/.test(c)) j += 1;
        else break;
      }
      push('number', i, j);
      i = j;
    } else if (isIdStart(ch)) {
      const end = skipIdChars(i + 1);
      push('word', i, end);
      i = end;
    } else {
      push('other', i, i + 1);
      i += 1;
    }
  }
  return tokens;
}

/**
 * Transition table of SQLite's `sqlite3_complete()`: a `;` only ends a statement when it brings the
 * machine back to START, which keeps the `;`-separated body of CREATE TRIGGER ... END together.
 * Columns: SEMI, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END. Rows: states 1..7 (index 0 unused).
 */
const COMPLETE_TRANSITIONS: readonly (readonly number[])[] = [
  [1, 2, 3, 4, 2, 2, 2],
  [1, 2, 3, 4, 2, 2, 2], // 1 START
  [1, 2, 2, 2, 2, 2, 2], // 2 NORMAL
  [1, 3, 2, 4, 2, 2, 2], // 3 EXPLAIN
  [1, 2, 2, 2, 4, 5, 2], // 4 CREATE
  [6, 5, 5, 5, 5, 5, 5], // 5 TRIGGER
  [6, 5, 5, 5, 5, 5, 7], // 6 SEMI
  [1, 5, 5, 5, 5, 5, 5], // 7 END
];

function completeTokenClass(token: Token): number {
  if (token.kind === 'semi') return 0;
  if (token.kind !== 'word') return 1;
  switch (token.text.toUpperCase()) {
    case 'EXPLAIN':
      return 2;
    case 'CREATE':
      return 3;
    case 'TEMP':
    case 'TEMPORARY':
      return 4;
    case 'TRIGGER':
      return 5;
    case 'END':
      return 6;
    default:
      return 1;
  }
}

export interface SqlStatement {
  sql: string;
  /** INSERT, UPDATE or DELETE (possibly behind WITH): the only statements whose row count sqld reports. */
  isIud: boolean;
  isInsert: boolean;
  isExplain: boolean;
  isReadonly: boolean;
  /** Parameter name per index (`null` for a bare `?`), as sqlite3_bind_parameter_name() would report. */
  params: (string | null)[];
}

/** Splits a SQL string into statements; empty statements (`;;`, comments) are dropped. */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  let state = 1;
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first !== undefined && last !== undefined) {
      statements.push(analyzeStatement(sql.slice(first.start, last.end), current));
    }
    current = [];
  };
  for (const token of tokenize(sql)) {
    const nextState = COMPLETE_TRANSITIONS[state]?.[completeTokenClass(token)] ?? 2;
    if (token.kind === 'semi' && nextState === 1) flush();
    else current.push(token);
    state = nextState;
  }
  flush();
  return statements;
}

const MAIN_VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);
const READONLY_VERBS = new Set(['SELECT', 'VALUES', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

function analyzeStatement(sql: string, tokens: Token[]): SqlStatement {
  const word = (token: Token | undefined) => (token?.kind === 'word' ? token.text.toUpperCase() : undefined);
  const isExplain = word(tokens[0]) === 'EXPLAIN';
  let verb = word(tokens[0]);
  if (verb === 'WITH') {
    // The statement's verb is the first SELECT/INSERT/... outside the parenthesised CTE bodies.
    let depth = 0;
    verb = undefined;
    for (const token of tokens.slice(1)) {
      if (token.kind === 'lparen') depth += 1;
      else if (token.kind === 'rparen') depth -= 1;
      else if (depth === 0 && MAIN_VERBS.has(word(token) ?? '')) {
        verb = word(token);
        break;
      }
    }
  }
  const isInsert = !isExplain && (verb === 'INSERT' || verb === 'REPLACE');
  const isIud = isInsert || (!isExplain && (verb === 'UPDATE' || verb === 'DELETE'));
  return {
    sql,
    isIud,
    isInsert,
    isExplain,
    isReadonly: isExplain || READONLY_VERBS.has(verb ?? ''),
    params: parameterTable(tokens),
  };
}

/** Replicates SQLite's numbering of `?`, `?NNN`, `:name`, `@name` and `$name` parameters. */
function parameterTable(tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const indexByName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'param') continue;
    const { text } = token;
    if (text === '?') {
      names.push(null);
    } else if (text.startsWith('?')) {
      const index = Number(text.slice(1));
      if (!Number.isInteger(index) || index < 1 || index > SQLITE_MAX_VARIABLE_NUMBER) continue; // prepare rejects it
      while (names.length < index) names.push(null);
      if (names[index - 1] === null) names[index - 1] = text;
    } else if (!indexByName.has(text)) {
      names.push(text);
      indexByName.set(text, names.length);
    }
  }
  return names;
}
