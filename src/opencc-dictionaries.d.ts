/**
 * OpenCC's dictionaries, one module each (`opencc-js/dict/STPhrases`…): `from to|from to|…`.
 * The Worker's generated types (worker-configuration.d.ts) declare the same from wrangler.toml's
 * text-module rule; this is the declaration for Node, the scripts and the tests.
 */
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
