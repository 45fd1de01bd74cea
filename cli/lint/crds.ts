/**
 * The schemas manifests are linted against: the CustomResourceDefinitions of the ACK Lambda
 * controller in crds/ (v1.14.1, unchanged), read at run time, so replacing that folder with a
 * newer release's CRDs is all an upgrade of the lint takes.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { ACK_GROUP } from "@/lib/domain/ack";
import type { OpenApiSchema } from "@/lib/domain/crd-schema";

export const CRD_DIR = fileURLToPath(new URL("../../crds/lambda-controller-v1.14.1/", import.meta.url));

export interface KindSchema {
  group: string;
  kind: string;
  namespaced: boolean;
  /** Served versions and their schemas. */
  versions: Map<string, OpenApiSchema>;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string };
    versions?: Array<{ name?: string; served?: boolean; schema?: { openAPIV3Schema?: OpenApiSchema } }>;
  };
}

/** group/kind → schema, for the ACK Lambda group. */
export function loadLambdaKinds(dir = CRD_DIR): Map<string, KindSchema> {
  const kinds = new Map<string, KindSchema>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"))) {
      const crd = doc.toJS() as CrdDocument | null;
      const spec = crd?.spec;
      if (crd?.kind !== "CustomResourceDefinition" || spec?.group !== ACK_GROUP || !spec.names?.kind) continue;
      const versions = new Map<string, OpenApiSchema>();
      for (const v of spec.versions ?? []) {
        if (v.name && v.served && v.schema?.openAPIV3Schema) versions.set(v.name, v.schema.openAPIV3Schema);
      }
      kinds.set(`${spec.group}/${spec.names.kind}`, { group: spec.group, kind: spec.names.kind, namespaced: spec.scope === "Namespaced", versions });
    }
  }
  if (kinds.size === 0) throw new Error(`no ${ACK_GROUP} CustomResourceDefinition found in ${dir}`);
  return kinds;
}
