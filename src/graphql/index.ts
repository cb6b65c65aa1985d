/** Assembles the schema from one module per entity. */
import { builder } from '../builder';
import { describeGeneratedRelayTypes } from './relay-docs';
import { hideInvisibleRelationTargets } from './visibility';
import './scalars';
import './enums';
import './localized';
import './source';
import './country';
import './institution';
import './plan-target';
import './branch-centre';
import './network';
import './cooperation-record';
import './indicator';
import './photo';
import './search';
import './statistics';
import './base';
import './meta';
import './rate-limit';
import './changes';

builder.queryType({
  description:
    'Public data of the BRICS PartNIR Innovation Base in Xiamen: institutions, branch centres, networks, cooperation records, indicators and plan targets, in Simplified Chinese, Traditional Chinese and English.',
});

// Not sorted here: sorting rebuilds every type and costs start-up CPU on each isolate. The printed
// schema (schema/schema.graphql, /version's hash) is sorted by `printSortedSchema`.
export const schema = hideInvisibleRelationTargets(describeGeneratedRelayTypes(builder.toSchema({ sortSchema: false })));
