/**
 * @generated SignedSource<<29d4f612d7384a0f9cac3b69ebbc0601>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type InstitutionBadge_institution$data = {
  readonly acronym: string | null | undefined;
  readonly id: string;
  readonly nameTranslations: {
    readonly en: string | null | undefined;
    readonly zhHans: string | null | undefined;
    readonly zhHant: string | null | undefined;
  };
  readonly " $fragmentType": "InstitutionBadge_institution";
};
export type InstitutionBadge_institution$key = {
  readonly " $data"?: InstitutionBadge_institution$data;
  readonly " $fragmentSpreads": FragmentRefs<"InstitutionBadge_institution">;
};

import InstitutionBadgeRefetchQuery_graphql from './InstitutionBadgeRefetchQuery.graphql';

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": {
    "refetch": {
      "connection": null,
      "fragmentPathInResult": [
        "node"
      ],
      "operation": InstitutionBadgeRefetchQuery_graphql,
      "identifierInfo": {
        "identifierField": "id",
        "identifierQueryVariableName": "id"
      }
    }
  },
  "name": "InstitutionBadge_institution",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "id",
      "storageKey": null
    },
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
};

(node as any).hash = "c573c3dbed28d010f25cfeb7676dc8d6";

export default node;
