/**
 * Rows a resolver found itself, whole (every column), such as search hits. plugin-drizzle knows
 * only rows its planned queries loaded; for any other row, every field that declares a selection
 * loads the row again. Recording the selection planned beneath the field for such rows lets their
 * fields read the columns they already carry; relations and other fields that can tell whether
 * their data is on the row (`pothosDrizzleLoaded`) still load it when it is not.
 */
import { getSchemaConfig, queryFromInfo } from '@pothos/plugin-drizzle';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { builder } from '../builder';
import type { Context } from '../context';

interface FieldExtensions {
  pothosDrizzleSelect?: unknown;
  pothosDrizzleLoaded?: unknown;
}

/** Names of the fields selected on `typeName` at `path` beneath the field `info` resolves. */
function selectedFields(info: GraphQLResolveInfo, path: readonly string[], typeName: string): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined, depth: number) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (depth === path.length) names.add(selection.name.value);
        else if (selection.name.value === path[depth]) visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (depth < path.length || !on || on === typeName) visit(selection.selectionSet, depth);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && (depth < path.length || fragment.typeCondition.name.value === typeName)) visit(fragment.selectionSet, depth);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return names;
}

/**
 * Whether every field selected on `typeName` can be served from a whole row: it selects nothing
 * computed (a function selection, e.g. `history`'s page) unless it can tell when that is missing.
 */
function servedByWholeRow(info: GraphQLResolveInfo, path: readonly string[], typeName: string): boolean {
  const type = info.schema.getType(typeName);
  if (!type || !('getFields' in type)) return false;
  const fields = type.getFields();
  for (const name of selectedFields(info, path, typeName)) {
    const extensions = (fields[name]?.extensions ?? {}) as FieldExtensions;
    if (typeof extensions.pothosDrizzleSelect === 'function' && !extensions.pothosDrizzleLoaded) return false;
  }
  return true;
}

/**
 * Marks whole rows of `typeNames` found at `path` (e.g. `['edges', 'node']`) beneath the field
 * `info` resolves as loaded with what the operation selects there, so they are not loaded again.
 */
export async function markFoundRowsLoaded(context: Context, info: GraphQLResolveInfo, path: readonly string[], typeNames: Iterable<string>): Promise<void> {
  for (const typeName of new Set(typeNames)) {
    if (!servedByWholeRow(info, path, typeName)) continue;
    await queryFromInfo({ config: getSchemaConfig(builder), context, info, typeName, paths: [[...path]], awaitSelections: true });
  }
}
