/**
 * The GraphiQL page. Its script and styles are served by the API itself (Workers Static Assets on
 * the edge, the same files from Node), never from a public CDN that partners' networks may block.
 */
import { EXAMPLE_OPERATIONS } from './examples';

/** Where the GraphiQL bundle is served, relative to the site root. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';
export const GRAPHIQL_ASSET_FILES = ['yoga-graphiql.umd.js', 'graphiql.css'] as const;

const escapeForScript = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderGraphiQLPage(options: { endpoint: string; title: string }): string {
  const tabs = EXAMPLE_OPERATIONS.map((operation) => ({
    query: operation.query,
    variables: operation.variables ? JSON.stringify(operation.variables, null, 2) : undefined,
    headers: operation.headers ? JSON.stringify(operation.headers, null, 2) : undefined,
  }));
  const config = {
    endpoint: options.endpoint,
    title: options.title,
    defaultQuery: EXAMPLE_OPERATIONS[0]!.query,
    defaultTabs: tabs,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql"><noscript>GraphiQL needs JavaScript. Send GraphQL requests with POST to ${options.endpoint}.</noscript></div>
<script src="${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js" charset="utf-8"></script>
<script>
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), ${escapeForScript(config)});
</script>
</body>
</html>`;
}
