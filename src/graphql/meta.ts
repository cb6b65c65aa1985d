/** What is running: package and schema version, and the schema's hash (also at `GET /version`). */
import { builder } from '../builder';
import { versionInfo, type VersionInfo } from '../version';

const ApiVersion = builder.objectRef<VersionInfo>('ApiVersion').implement({
  description: 'The version of the API that answered.',
  fields: (t) => ({
    version: t.exposeString('version', { description: 'Version of the server software.' }),
    schemaVersion: t.exposeString('schemaVersion', {
      description: 'Version of the schema, as listed in its changelog.',
    }),
    schemaHash: t.exposeString('schemaHash', {
      description: 'SHA-256 (hex) of the schema in SDL, to tell whether generated client code is current.',
    }),
  }),
});

builder.queryField('apiVersion', (t) =>
  t.field({
    type: ApiVersion,
    description: 'The version of the API and of its schema.',
    resolve: (_root, _args, _context, info) => versionInfo(info.schema),
  }),
);
