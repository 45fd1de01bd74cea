/**
 * Names and constants of the ACK Lambda controller (docs/ack-lambda-controller.md), in one place.
 */
export const ACK_GROUP = "lambda.services.k8s.aws";
export const ACK_VERSION = "v1alpha1";
export const FUNCTION_PLURAL = "functions";
export const FUNCTION_KIND = "Function";
/** Pattern finalizers.<service>.services.k8s.aws/<Kind>. */
export const ACK_FUNCTION_FINALIZER = "finalizers.lambda.services.k8s.aws/Function";

export const CONDITION = {
  synced: "ACK.ResourceSynced",
  terminal: "ACK.Terminal",
  recoverable: "ACK.Recoverable",
  advisory: "ACK.Advisory",
  lateInitialized: "ACK.LateInitialized",
  referencesResolved: "ACK.ReferencesResolved",
  ready: "Ready",
} as const;

export const SYNCED_MESSAGES = {
  synced: "Resource synced successfully",
  notSynced: "Resource not synced",
  unknown: "Unable to determine if desired resource state matches latest observed state",
} as const;

/** Written by the controller while the function (in its view) is Pending (community#2433). */
export const PENDING_MESSAGE = "function in 'Pending' state, cannot be modified or deleted";
/** Controllers before v1.0 used a capital F. */
export const PENDING_MESSAGE_PRE_V1 = "Function in 'Pending' state, cannot be modified or deleted";
/** v1.12.0+ while waiting for DeleteFunction to finish. */
export const DELETING_MESSAGE = "function in 'Deleting' state, cannot be modified or deleted";

export const ANNOTATION = {
  deletionPolicy: "services.k8s.aws/deletion-policy",
  namespaceDeletionPolicy: "lambda.services.k8s.aws/deletion-policy",
  region: "services.k8s.aws/region",
  namespaceDefaultRegion: "services.k8s.aws/default-region",
  ownerAccountId: "services.k8s.aws/owner-account-id",
  adoptionPolicy: "services.k8s.aws/adoption-policy",
  adoptionFields: "services.k8s.aws/adoption-fields",
  adopted: "services.k8s.aws/adopted",
  readOnly: "services.k8s.aws/read-only",
} as const;

/** AWS tags the controller puts on functions it creates. */
export const ACK_TAG = {
  controllerVersion: "services.k8s.aws/controller-version",
  namespace: "services.k8s.aws/namespace",
} as const;

/** The controller version whose update path reads the live state (PR 174). */
export const PENDING_BUG_FIXED_IN = "1.7.4";

export const CONTROLLER_IMAGE_REPO = "public.ecr.aws/aws-controllers-k8s/lambda-controller";
export const CONTROLLER_CHART_LABEL = { key: "app.kubernetes.io/name", value: "lambda-chart" };
export const CONTROLLER_VERSION_LABEL = "app.kubernetes.io/version";
export const CONTROLLER_NAMESPACE = "ack-system";
