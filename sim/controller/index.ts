/** The model of the ACK Lambda controller (see model.ts). */
export { AckControllerModel, type AckControllerModelOptions } from "./model";
export { CONTROLLER_DEPLOYMENT_NAME, controllerDeployment, controllerImage, ensureControllerDeployment } from "./deployment";
export { versionGates, compareVersions, type VersionGates } from "./versions";
export type { FunctionObject, FunctionSpec, FunctionStatus } from "./types";
