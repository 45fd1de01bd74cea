import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { ACK_GROUP, ACK_VERSION, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { kubeRequest, type KubeResponse } from "./http";
import { listPage } from "./watcher";

/** The two collections each cluster connection lists and then watches (./cluster.ts). */
export const CLUSTER_LISTS = {
  functions: `/apis/${ACK_GROUP}/${ACK_VERSION}/${FUNCTION_PLURAL}`,
  namespaces: "/api/v1/namespaces",
} as const;
export type ClusterList = keyof typeof CLUSTER_LISTS;

/**
 * Where a cluster connection looks for the ACK controller's Deployments (./cluster.ts
 * pollController): in each namespace configured (a Role per namespace suffices), else cluster-wide.
 */
export function controllerPaths(namespaces: readonly string[]): string[] {
  return namespaces.length ? namespaces.map((ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`) : ["/apis/apps/v1/deployments"];
}

/** The request of the controller poll (each of controllerPaths). */
export function askControllers(kc: KubeConfig, namespaces: readonly string[]): Promise<KubeResponse[]> {
  return Promise.all(controllerPaths(namespaces).map((path) => kubeRequest(kc, { path, timeoutMs: 10_000 })));
}

/**
 * The first page of each cluster's lists, asked as soon as the kubeconfig is read, before the
 * rest of the server's modules are loaded and the app is built (lib/server/boot.ts): the API
 * servers prepare and send it while this process is busy loading. Each cluster's watcher takes
 * its page once, for its first list, instead of asking for it (./watcher.ts `firstPage`); the
 * request is the one the watcher would have sent (`listPage`, same path and page size). A page
 * not taken is never used: a later list asks again.
 *
 * The controller's Deployments are asked with them (`controllerNamespaces`: where the
 * connection looks): the controller is an input of every verdict, and its first answer, asked
 * only when the connection started, came in after the first Function pages had been read,
 * which were then all diagnosed, made into row events and their texts again (a cluster without
 * a controller goes from "unknown" to "not found": every verdict changes).
 */
export class FirstPages {
  private readonly pages = new Map<string, Promise<KubeResponse>>();
  private readonly controllers = new Map<string, Promise<KubeResponse[]>>();

  static ask(contexts: ReadonlyArray<{ name: string; kc: KubeConfig }>, controllerNamespaces: readonly string[] = []): FirstPages {
    const first = new FirstPages();
    for (const { name, kc } of contexts) {
      const controllers = askControllers(kc, controllerNamespaces);
      controllers.catch(() => {});
      first.controllers.set(name, controllers);
      for (const list of Object.keys(CLUSTER_LISTS) as ClusterList[]) {
        const page = listPage(kc, { path: CLUSTER_LISTS[list] }, undefined);
        // Whoever takes it awaits it (a failure is then the first list's failure); until then, or if nobody does, it is heard here.
        page.catch(() => {});
        first.pages.set(`${list}\0${name}`, page);
      }
    }
    return first;
  }

  /** The page asked for this cluster's list, once; undefined if none was asked or it was taken. */
  take(cluster: string, list: ClusterList): Promise<KubeResponse> | undefined {
    const key = `${list}\0${cluster}`;
    const page = this.pages.get(key);
    this.pages.delete(key);
    return page;
  }

  /** The controller poll's answers asked for this cluster, once; undefined if none or taken. */
  takeControllers(cluster: string): Promise<KubeResponse[]> | undefined {
    const answers = this.controllers.get(cluster);
    this.controllers.delete(cluster);
    return answers;
  }
}
