/**
 * @generated SignedSource<<85434d53b89ece30841b9467f1fca6a0>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type ParticipantRole = "CO_HOST" | "GUIDE" | "HOST" | "MEMBER" | "ORGANISER" | "PARTNER" | "%future added value";
export type RecordKind = "AGREEMENT" | "COMPETITION" | "DEMONSTRATION_UNIT" | "EVENT" | "POLICY_INITIATIVE" | "REPORT" | "SIGNED_PROJECT" | "TRAINING" | "%future added value";
export type RecordStatus = "COMPLETED" | "ONGOING" | "PLANNED" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type RecordCard_record$data = {
  readonly id: string;
  readonly kind: RecordKind;
  readonly participants: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly id: string;
        readonly institution: {
          readonly " $fragmentSpreads": FragmentRefs<"InstitutionBadge_institution">;
        };
        readonly role: ParticipantRole;
      };
    }>;
  };
  readonly slug: string;
  readonly startsOn: string | null | undefined;
  readonly status: RecordStatus;
  readonly title: string;
  readonly " $fragmentType": "RecordCard_record";
};
export type RecordCard_record$key = {
  readonly " $data"?: RecordCard_record$data;
  readonly " $fragmentSpreads": FragmentRefs<"RecordCard_record">;
};

import RecordCardRefetchQuery_graphql from './RecordCardRefetchQuery.graphql';

const node: ReaderFragment = (function(){
var v0 = [
  "participants"
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
};
return {
  "argumentDefinitions": [
    {
      "defaultValue": "EN",
      "kind": "LocalArgument",
      "name": "locale"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "participantsAfter"
    },
    {
      "defaultValue": 5,
      "kind": "LocalArgument",
      "name": "participantsFirst"
    }
  ],
  "kind": "Fragment",
  "metadata": {
    "connection": [
      {
        "count": "participantsFirst",
        "cursor": "participantsAfter",
        "direction": "forward",
        "path": (v0/*:: as any*/)
      }
    ],
    "refetch": {
      "connection": {
        "forward": {
          "count": "participantsFirst",
          "cursor": "participantsAfter"
        },
        "backward": null,
        "path": (v0/*:: as any*/)
      },
      "fragmentPathInResult": [
        "node"
      ],
      "operation": RecordCardRefetchQuery_graphql,
      "identifierInfo": {
        "identifierField": "id",
        "identifierQueryVariableName": "id"
      }
    }
  },
  "name": "RecordCard_record",
  "selections": [
    (v1/*:: as any*/),
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "slug",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "kind",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "status",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "startsOn",
      "storageKey": null
    },
    {
      "alias": null,
      "args": [
        {
          "kind": "Variable",
          "name": "locale",
          "variableName": "locale"
        }
      ],
      "kind": "ScalarField",
      "name": "title",
      "storageKey": null
    },
    {
      "alias": "participants",
      "args": null,
      "concreteType": "CooperationRecordParticipantsConnection",
      "kind": "LinkedField",
      "name": "__RecordCard_participants_connection",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "concreteType": "CooperationRecordParticipantsConnectionEdge",
          "kind": "LinkedField",
          "name": "edges",
          "plural": true,
          "selections": [
            {
              "alias": null,
              "args": null,
              "concreteType": "Participation",
              "kind": "LinkedField",
              "name": "node",
              "plural": false,
              "selections": [
                (v1/*:: as any*/),
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "role",
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "concreteType": "Institution",
                  "kind": "LinkedField",
                  "name": "institution",
                  "plural": false,
                  "selections": [
                    {
                      "args": null,
                      "kind": "FragmentSpread",
                      "name": "InstitutionBadge_institution"
                    }
                  ],
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "__typename",
                  "storageKey": null
                }
              ],
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "cursor",
              "storageKey": null
            }
          ],
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "PageInfo",
          "kind": "LinkedField",
          "name": "pageInfo",
          "plural": false,
          "selections": [
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "endCursor",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "hasNextPage",
              "storageKey": null
            }
          ],
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "CooperationRecord",
  "abstractKey": null
};
})();

(node as any).hash = "d442423c583980a6c3978e1318cbf136";

export default node;
