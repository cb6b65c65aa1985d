/**
 * @generated SignedSource<<39a0b5470a2c92591c20ce28b1ee3133>>
 * @relayHash 99b6dd5d8f7b1c68c7e8cdf378b02169
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID bc885f1cdbdda7a96c0500f7c322290e4ea222ab0fa0364819631b640960eeab

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type Locale = "EN" | "ZH_HANS" | "ZH_HANT" | "%future added value";
export type RecordCardRefetchQuery$variables = {
  id: string;
  locale?: Locale | null | undefined;
  participantsAfter?: string | null | undefined;
  participantsFirst?: number | null | undefined;
};
export type RecordCardRefetchQuery$data = {
  readonly node: {
    readonly " $fragmentSpreads": FragmentRefs<"RecordCard_record">;
  } | null | undefined;
};
export type RecordCardRefetchQuery = {
  response: RecordCardRefetchQuery$data;
  variables: RecordCardRefetchQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "id"
},
v1 = {
  "defaultValue": "EN",
  "kind": "LocalArgument",
  "name": "locale"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "participantsAfter"
},
v3 = {
  "defaultValue": 5,
  "kind": "LocalArgument",
  "name": "participantsFirst"
},
v4 = [
  {
    "kind": "Variable",
    "name": "id",
    "variableName": "id"
  }
],
v5 = {
  "kind": "Variable",
  "name": "locale",
  "variableName": "locale"
},
v6 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v7 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v8 = [
  {
    "kind": "Variable",
    "name": "after",
    "variableName": "participantsAfter"
  },
  {
    "kind": "Variable",
    "name": "first",
    "variableName": "participantsFirst"
  }
];
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      (v3/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "RecordCardRefetchQuery",
    "selections": [
      {
        "alias": null,
        "args": (v4/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "node",
        "plural": false,
        "selections": [
          {
            "args": [
              (v5/*:: as any*/),
              {
                "kind": "Variable",
                "name": "participantsAfter",
                "variableName": "participantsAfter"
              },
              {
                "kind": "Variable",
                "name": "participantsFirst",
                "variableName": "participantsFirst"
              }
            ],
            "kind": "FragmentSpread",
            "name": "RecordCard_record"
          }
        ],
        "storageKey": null
      }
    ],
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      (v3/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "RecordCardRefetchQuery",
    "selections": [
      {
        "alias": null,
        "args": (v4/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "node",
        "plural": false,
        "selections": [
          (v6/*:: as any*/),
          (v7/*:: as any*/),
          {
            "kind": "InlineFragment",
            "selections": [
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
                  (v5/*:: as any*/)
                ],
                "kind": "ScalarField",
                "name": "title",
                "storageKey": null
              },
              {
                "alias": null,
                "args": (v8/*:: as any*/),
                "concreteType": "CooperationRecordParticipantsConnection",
                "kind": "LinkedField",
                "name": "participants",
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
                          (v7/*:: as any*/),
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
                              (v7/*:: as any*/),
                              {
                                "alias": null,
                                "args": null,
                                "kind": "ScalarField",
                                "name": "acronym",
                                "storageKey": null
                              },
                              {
                                "alias": null,
                                "args": null,
                                "concreteType": "LocalizedText",
                                "kind": "LinkedField",
                                "name": "nameTranslations",
                                "plural": false,
                                "selections": [
                                  {
                                    "alias": null,
                                    "args": null,
                                    "kind": "ScalarField",
                                    "name": "zhHans",
                                    "storageKey": null
                                  },
                                  {
                                    "alias": null,
                                    "args": null,
                                    "kind": "ScalarField",
                                    "name": "zhHant",
                                    "storageKey": null
                                  },
                                  {
                                    "alias": null,
                                    "args": null,
                                    "kind": "ScalarField",
                                    "name": "en",
                                    "storageKey": null
                                  }
                                ],
                                "storageKey": null
                              }
                            ],
                            "storageKey": null
                          },
                          (v6/*:: as any*/)
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
              },
              {
                "alias": null,
                "args": (v8/*:: as any*/),
                "filters": null,
                "handle": "connection",
                "key": "RecordCard_participants",
                "kind": "LinkedHandle",
                "name": "participants"
              }
            ],
            "type": "CooperationRecord",
            "abstractKey": null
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "99b6dd5d8f7b1c68c7e8cdf378b02169",
    "id": "bc885f1cdbdda7a96c0500f7c322290e4ea222ab0fa0364819631b640960eeab",
    "metadata": {},
    "name": "RecordCardRefetchQuery",
    "operationKind": "query",
    "text": "query RecordCardRefetchQuery(\n  $locale: Locale = EN\n  $participantsAfter: String\n  $participantsFirst: Int = 5\n  $id: ID!\n) {\n  node(id: $id) {\n    __typename\n    ...RecordCard_record_1C2CUN\n    id\n  }\n}\n\nfragment InstitutionBadge_institution on Institution {\n  id\n  acronym\n  nameTranslations {\n    zhHans\n    zhHant\n    en\n  }\n}\n\nfragment RecordCard_record_1C2CUN on CooperationRecord {\n  id\n  slug\n  kind\n  status\n  startsOn\n  title(locale: $locale)\n  participants(first: $participantsFirst, after: $participantsAfter) {\n    edges {\n      node {\n        id\n        role\n        institution {\n          ...InstitutionBadge_institution\n          id\n        }\n        __typename\n      }\n      cursor\n    }\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "d442423c583980a6c3978e1318cbf136";

export default node;
