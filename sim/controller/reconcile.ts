/**
 * One reconcile of one Function, the way the ACK runtime's Reconcile does it: a fresh read of
 * the object, account and region resolution, then the delete path or the create/update path.
 */
import { done, failed, type ReconcileContext, type ReconcileResult } from "./context";
import { deleteFunction } from "./delete";
import { MissingAccountError } from "./lambda-ops";
import { resolveAccount, resolveRegion } from "./resolve";
import { syncFunction } from "./sync";

export async function reconcileFunction(ctx: ReconcileContext, namespace: string, name: string): Promise<ReconcileResult> {
  const fn = await ctx.kube.getFunction(namespace, name);
  if (!fn) return done(null); // gone: nothing to do (the runtime ignores NotFound)
  if (!fn.spec || typeof fn.spec.name !== "string" || fn.spec.name === "") {
    // The CRD makes spec.name required, so a real server never stores this; a sim might.
    return failed(`${namespace}/${name}: spec.name missing`);
  }
  const ns = await ctx.kube.namespaceAnnotations(namespace);
  const where = { account: resolveAccount(fn, ns, ctx.defaults), region: resolveRegion(fn, ns, ctx.defaults) };
  if (!ctx.lambda.hasAccount(where.account)) {
    // getRoleARN fails before any AWS call and before any status write: the object shows nothing.
    return failed(new MissingAccountError(where.account).message);
  }
  if (fn.metadata.deletionTimestamp) return deleteFunction(ctx, fn, ns, where);
  return syncFunction(ctx, fn, where);
}
