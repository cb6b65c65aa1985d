/**
 * How much of SQLite's parser stack a statement takes, estimated from its text before it is sent.
 *
 * SQLite's parser keeps a fixed stack (libSQL's build: 100 entries; YYSTACKDEPTH is set when the
 * engine is compiled) and refuses a statement that nests deeper with "parser stack overflow". An
 * expression nested in another holds the unfinished part of every enclosing one on that stack.
 * Nesting each construct until SQLite refused it measured, per level: a function call 3.1 entries,
 * a later argument 5.1, a scalar subquery 5.4 (8.4 in a WHERE clause, 10.2 in a LIMIT), a
 * subquery in FROM 7.1, a CASE branch 3.1–5.1, an operator waiting for its right side 2.1. The
 * estimate adds those up (rounded up, `COST`) along the text, frame by frame. It errs high: over
 * the compiled statements of deep selections it came out 1.5–25 entries above SQLite's own depth,
 * and tests hold it to never being below it for random nestings of these constructs.
 */

/** Entries of SQLite's parser stack (YYSTACKDEPTH of the libSQL build). */
export const PARSER_STACK_ENTRIES = 100;

/** What an open frame holds on the stack while something nested in it is parsed. */
const COST = {
  /** The statement itself (`cmdlist`, `SELECT`, the result list) or a CTE of its WITH list. */
  statement: 8,
  paren: 1,
  /** `name(`: the name and the parenthesis; after a comma, the argument list as well. */
  call: 3.5,
  laterArgument: 5.5,
  /** `(SELECT …`: in its result columns, FROM, WHERE/ON/HAVING, ORDER BY/GROUP BY, LIMIT. */
  select: { result: 4.5, from: 6.5, where: 5.5, order: 9.5, limit: 9.5 },
  /** A compound member (`… UNION ALL SELECT`) or a WITH inside a subquery, on top of its SELECT. */
  compound: 3,
  /** `CASE`: in a WHEN condition, a THEN value, the ELSE value. */
  case: { when: 3.5, then: 5.5, else: 4.5 },
  /** A binary operator waiting for its right operand (`a = (`, `x AND (`, `k IN (`). */
  operator: 2.5,
} as const;

type Clause = keyof typeof COST.select;
interface Frame {
  kind: 'statement' | 'paren' | 'call' | 'select' | 'case';
  clause: Clause;
  caseBranch: keyof typeof COST.case;
  /** Entries of a comma-separated list in a call or a parenthesis. */
  later: boolean;
  compound: boolean;
  /** An operator waiting for its operand, in this frame. */
  pending: number;
}

const OPERATORS = new Set(['=', '==', '<', '>', '<=', '>=', '<>', '!=', '||', '+', '-', '*', '/', '%', '->', '->>', 'and', 'or', 'is', 'in', 'like', 'glob', 'between', 'not', 'exists']);
const CLAUSES: Record<string, Clause> = { from: 'from', join: 'from', where: 'where', on: 'where', having: 'where', order: 'order', group: 'order', limit: 'limit', offset: 'limit' };
const KEYWORDS = new Set(['select', 'with', 'as', 'distinct', 'all', 'case', 'when', 'then', 'else', 'end', 'union', 'except', 'intersect', 'materialized', 'by', 'asc', 'desc', 'null', 'values', 'inner', 'left', 'cross', 'recursive', ...OPERATORS, ...Object.keys(CLAUSES)]);

function frameCost(frame: Frame): number {
  let cost: number;
  switch (frame.kind) {
    case 'statement':
      cost = COST.statement;
      break;
    case 'paren':
      cost = frame.later ? COST.paren + COST.operator : COST.paren;
      break;
    case 'call':
      cost = frame.later ? COST.laterArgument : COST.call;
      break;
    case 'select':
      cost = COST.paren + COST.select[frame.clause] + (frame.compound ? COST.compound : 0);
      break;
    case 'case':
      cost = COST.case[frame.caseBranch];
      break;
  }
  return cost + frame.pending;
}

const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isWordPart = (code: number) => isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
const TWO_CHARACTER_OPERATORS = new Set(['->', '<=', '>=', '<>', '!=', '==', '||']);

/** The most parser stack entries `text` (one statement) is estimated to take at once. */
export function parserDepth(text: string): number {
  const frames: Frame[] = [{ kind: 'statement', clause: 'result', caseBranch: 'when', later: false, compound: false, pending: 0 }];
  // Entries held by the frames beneath the top one (each as it was when the next one opened).
  const held: number[] = [];
  let below = 0;
  let deepest = 0;
  // The previous token was a name (not a keyword): a parenthesis after it opens a call.
  let afterName = false;
  const open = (kind: Frame['kind']) => {
    const top = frames.at(-1)!;
    const cost = frameCost(top);
    held.push(cost);
    below += cost;
    top.pending = 0;
    frames.push({ kind, clause: 'result', caseBranch: 'when', later: false, compound: false, pending: 0 });
  };
  const close = () => {
    if (frames.length === 1) return;
    frames.pop();
    below -= held.pop()!;
  };
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 10 || code === 9 || code === 13) {
      index += 1;
      continue;
    }
    const top = frames.at(-1)!;
    let name = false;
    if (code === 39 || code === 34 || code === 96) {
      // A string or a quoted name ('…', "…", `…`; a doubled quote stays inside): an operand.
      let end = index + 1;
      for (;;) {
        end = text.indexOf(text[index]!, end);
        if (end < 0 || text.charCodeAt(end + 1) !== code) break;
        end += 2;
      }
      index = end < 0 ? text.length : end + 1;
      top.pending = 0;
      name = code !== 39;
    } else if (isWordStart(code)) {
      let end = index + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end += 1;
      const word = text.slice(index, end).toLowerCase();
      index = end;
      if (word === 'case') open('case');
      else if (word === 'end' && top.kind === 'case') close();
      else if (top.kind === 'case' && (word === 'when' || word === 'then' || word === 'else')) {
        top.caseBranch = word;
        top.pending = 0;
      } else if (word === 'select' || word === 'with') {
        if (top.kind === 'paren') {
          top.kind = 'select';
          // A WITH inside a subquery holds its beginning beneath the SELECT.
          if (word === 'with') top.compound = true;
        }
        top.clause = 'result';
        top.pending = 0;
      } else if (word === 'union' || word === 'except' || word === 'intersect') {
        top.compound = true;
        top.pending = 0;
      } else if (word in CLAUSES && (top.kind === 'select' || top.kind === 'statement')) {
        top.clause = CLAUSES[word]!;
        top.pending = 0;
      } else if (OPERATORS.has(word)) top.pending = Math.min(top.pending + COST.operator, 2 * COST.operator);
      else {
        top.pending = 0;
        name = !KEYWORDS.has(word);
      }
    } else if (code === 40) {
      index += 1;
      open(afterName ? 'call' : 'paren');
    } else if (code === 41) {
      index += 1;
      close();
    } else if (code === 44) {
      index += 1;
      top.later = true;
      top.pending = 0;
    } else if ((code >= 48 && code <= 57) || code === 63) {
      // A number or a parameter: an operand.
      index += 1;
      while (index < text.length && isWordPart(text.charCodeAt(index))) index += 1;
      if (text.charCodeAt(index) === 46) {
        index += 1;
        while (index < text.length && isWordPart(text.charCodeAt(index))) index += 1;
      }
      top.pending = 0;
    } else if (code === 46) {
      // `alias.column`: the name goes on.
      index += 1;
      afterName = false;
      continue;
    } else {
      const two = text.slice(index, index + 2);
      const operator = text.slice(index, index + 3) === '->>' ? '->>' : TWO_CHARACTER_OPERATORS.has(two) ? two : text[index]!;
      index += operator.length;
      if (OPERATORS.has(operator)) top.pending = Math.min(top.pending + COST.operator, 2 * COST.operator);
    }
    afterName = name;
    deepest = Math.max(deepest, below + frameCost(frames.at(-1)!));
  }
  return deepest;
}
