/**
 * @generated SignedSource<<87a09b0bce709d25c06b9e366bf6aabd>>
 * @relayHash dd70fa132809b5b740cd164100d5dd0c
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID a0851b7a1e49a194ce503987d5df208e434e8bbc0fe34c0b86bff2aea61e7ed1

import { ConcreteRequest } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type SearchResultsNodeQuery$variables = {
  id: string;
};
export type SearchResultsNodeQuery$data = {
  readonly node: {
    readonly InstitutionBadge_institution: {
      readonly " $fragmentSpreads": FragmentRefs<"InstitutionBadge_institution">;
    } | null | undefined;
    readonly id: string;
  } | null | undefined;
};
export type SearchResultsNodeQuery = {
  response: SearchResultsNodeQuery$data;
  variables: SearchResultsNodeQuery$variables;
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
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "SearchResultsNodeQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "node",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          {
            "fragment": {
              "kind": "InlineFragment",
              "selections": [
                {
                  "args": null,
                  "kind": "FragmentSpread",
                  "name": "InstitutionBadge_institution"
                }
              ],
              "type": "Institution",
              "abstractKey": null
            },
            "kind": "AliasedInlineFragmentSpread",
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
    "name": "SearchResultsNodeQuery",
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
          (v2/*:: as any*/),
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
    "cacheID": "dd70fa132809b5b740cd164100d5dd0c",
    "id": "a0851b7a1e49a194ce503987d5df208e434e8bbc0fe34c0b86bff2aea61e7ed1",
    "metadata": {},
    "name": "SearchResultsNodeQuery",
    "operationKind": "query",
    "text": "query SearchResultsNodeQuery(\n  $id: ID!\n) {\n  node(id: $id) {\n    __typename\n    id\n    ...InstitutionBadge_institution\n  }\n}\n\nfragment InstitutionBadge_institution on Institution {\n  id\n  acronym\n  nameTranslations {\n    zhHans\n    zhHant\n    en\n  }\n}\n"
  }
};
})();

(node as any).hash = "120fc27071c7872cce9a824d3108b4f7";

export default node;
