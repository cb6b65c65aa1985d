/**
 * @generated SignedSource<<23e2a44083093e6aa5fc10a57d9e251d>>
 * @relayHash 5969b4b0bda20140f30303f1c902f540
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID b5025858d11e6e26a777ca061ccf547ef101a633d4cc57d89ea0edaa08909185

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type InstitutionBadgeRefetchQuery$variables = {
  id: string;
};
export type InstitutionBadgeRefetchQuery$data = {
  readonly node: {
    readonly " $fragmentSpreads": FragmentRefs<"InstitutionBadge_institution">;
  } | null | undefined;
};
export type InstitutionBadgeRefetchQuery = {
  response: InstitutionBadgeRefetchQuery$data;
  variables: InstitutionBadgeRefetchQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "id"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "id",
    "variableName": "id"
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "InstitutionBadgeRefetchQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "node",
        "plural": false,
        "selections": [
          {
            "args": null,
            "kind": "FragmentSpread",
            "name": "InstitutionBadge_institution"
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
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "InstitutionBadgeRefetchQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "node",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "__typename",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "id",
            "storageKey": null
          },
          {
            "kind": "InlineFragment",
            "selections": [
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
            "type": "Institution",
            "abstractKey": null
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "5969b4b0bda20140f30303f1c902f540",
    "id": "b5025858d11e6e26a777ca061ccf547ef101a633d4cc57d89ea0edaa08909185",
    "metadata": {},
    "name": "InstitutionBadgeRefetchQuery",
    "operationKind": "query",
    "text": "query InstitutionBadgeRefetchQuery(\n  $id: ID!\n) {\n  node(id: $id) {\n    __typename\n    ...InstitutionBadge_institution\n    id\n  }\n}\n\nfragment InstitutionBadge_institution on Institution {\n  id\n  acronym\n  nameTranslations {\n    zhHans\n    zhHant\n    en\n  }\n}\n"
  }
};
})();

(node as any).hash = "c573c3dbed28d010f25cfeb7676dc8d6";

export default node;
