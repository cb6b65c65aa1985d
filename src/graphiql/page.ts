/**
 * The GraphiQL page. Its script and styles are served by the API itself (Workers Static Assets on
 * the edge, the same files from Node), never from a public CDN that partners' networks may block.
 */
import { EXAMPLE_OPERATIONS } from './examples';

/** Where the GraphiQL bundle is served, relative to the site root. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';
/** Monaco's web workers (editor, JSON, GraphQL language service), keyed by the label Monaco asks for. */
export const GRAPHIQL_WORKER_FILES = {
  editorWorkerService: 'monacoeditorwork/editor.worker.bundle.js',
  json: 'monacoeditorwork/json.worker.bundle.js',
  graphql: 'monacoeditorwork/graphql.worker..bundle.js',
} as const;
export const GRAPHIQL_ASSET_FILES = [
  'yoga-graphiql.umd.js',
  'graphiql.css',
  ...Object.values(GRAPHIQL_WORKER_FILES),
] as const;

const escapeForScript = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Short enough for the corner GraphiQL leaves next to its tabs. */
const DEFAULT_LOGO = 'BRICS PartNIR API';

export function renderGraphiQLPage(options: { endpoint: string; title: string; logo?: string }): string {
  const tabs = EXAMPLE_OPERATIONS.map((operation) => ({
    query: operation.query,
    variables: operation.variables ? JSON.stringify(operation.variables, null, 2) : undefined,
    headers: operation.headers ? JSON.stringify(operation.headers, null, 2) : undefined,
  }));
  const config = {
    endpoint: options.endpoint,
    title: options.logo ?? DEFAULT_LOGO,
    defaultQuery: EXAMPLE_OPERATIONS[0]!.query,
    // Without it the first tab opens on GraphiQL's welcome comment instead of the first example.
    query: EXAMPLE_OPERATIONS[0]!.query,
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
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
<style>
html, body, #graphiql { height: 100%; margin: 0; }
/* One line beside the tabs, never wrapped onto two or three. */
.graphiql-logo { flex-shrink: 0; white-space: nowrap; }
/* Tabs do not move (see the script below). GraphiQL's own rule hides the offsets only while no tab
   has focus, and the button under the pointer gets focus on pointerdown. */
.graphiql-tab { transform: none !important; }
</style>
</head>
<body>
<div id="graphiql"><noscript>GraphiQL needs JavaScript. Send GraphQL requests with POST to ${options.endpoint}.</noscript></div>
<script>
// The editor's workers are served from this origin too; without them Monaco fails and loses completion.
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId, label) => ${escapeForScript(GRAPHIQL_ASSET_PREFIX)} + (${escapeForScript(GRAPHIQL_WORKER_FILES)}[label] ?? ${escapeForScript(GRAPHIQL_WORKER_FILES.editorWorkerService)}),
};
</script>
<script src="${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js" charset="utf-8"></script>
<script>
// Example tabs stay put. GraphiQL's tabs are draggable, with the tab strip as drag constraints:
// whenever the strip changes size (web fonts swapping in after mount, a window resize, a panel
// resize) the drag library rescales each tab's drag offset, leaving it hundreds of pixels off.
// The offset shows as soon as the pressed tab takes focus, so the tab flies from under the pointer
// and the first click lands on the strip. Pointer presses on tabs therefore never start a drag,
// and the stylesheet above keeps tabs where the layout puts them; clicks and keys work as before.
document.addEventListener('pointerdown', (event) => {
  if (event.target instanceof Element && event.target.closest('.graphiql-tab')) event.stopPropagation();
}, true);
// Mounting after the inlined fonts are loaded keeps the layout from shifting under the first click.
const fontsLoaded = Promise.all(['400 1em Roboto', '500 1em Roboto'].map((font) => document.fonts.load(font))).catch(() => undefined);
fontsLoaded.then(() => {
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), ${escapeForScript(config)});
});
</script>
</body>
</html>`;
}
