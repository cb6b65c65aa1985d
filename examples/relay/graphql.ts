/**
 * Stand-in for the `graphql` tag of react-relay / relay-runtime, so these examples typecheck without
 * a React app. relay-compiler only reads the tagged templates; in an app, import the real tag.
 */
export function graphql(strings: TemplateStringsArray): string {
  return strings.join('');
}
