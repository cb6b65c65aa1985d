/**
 * Documents the types and fields the Relay and Drizzle plugins generate without a description
 * (connections, edges, `totalCount`, `node(id:)`), so that every part of the schema is described.
 * Only fills gaps: a description given in code always wins.
 */
import { getNamedType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';

function describe(target: { description?: string | null | undefined }, text: string): void {
  if (!target.description) target.description = text;
}

const nodeTypeName = (field: GraphQLField<unknown, unknown> | undefined) =>
  field ? getNamedType(field.type).name : 'item';

export function describeGeneratedRelayTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    if (fields.pageInfo && fields.edges) {
      const edgeType = getNamedType(fields.edges.type);
      const node = isObjectType(edgeType) ? edgeType.getFields().node : undefined;
      describe(type, `A page of \`${nodeTypeName(node)}\` items with its cursors (a Relay connection).`);
      describe(fields.edges, 'The items of this page, each with its cursor.');
      if (fields.totalCount) describe(fields.totalCount, 'Number of items in the whole list, across all pages.');
    } else if (fields.cursor && fields.node) {
      describe(type, `A \`${nodeTypeName(fields.node)}\` in a connection, with its cursor.`);
      describe(fields.node, 'The item.');
    }
  }
  const query = schema.getQueryType()?.getFields();
  const nodeId = query?.node?.args.find((arg) => arg.name === 'id');
  if (nodeId) describe(nodeId, 'Global ID of the object.');
  const nodesIds = query?.nodes?.args.find((arg) => arg.name === 'ids');
  if (nodesIds) describe(nodesIds, 'Global IDs of the objects; the result keeps their order, with null for unknown IDs.');
  return schema;
}
