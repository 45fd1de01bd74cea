/**
 * Lambda's StateReasonCode / LastUpdateStatusReasonCode in plain words, with what to do.
 * Source: AWS Lambda API reference, FunctionConfiguration.StateReasonCode and
 * LastUpdateStatusReasonCode, and the Lambda developer guide "Lambda function states".
 */
const EXPLANATIONS: Record<string, string> = {
  Idle: "Lambda made the function Inactive after it was idle; the next invoke reactivates it.",
  Creating: "Lambda is still creating the function's resources (for VPC functions, network interfaces).",
  Restoring: "Lambda is restoring an Inactive function's resources.",
  EniLimitExceeded:
    "The account reached its limit of elastic network interfaces in the VPC; free ENIs or ask AWS for a higher ENI quota.",
  InsufficientRolePermissions:
    "The execution role cannot be assumed by Lambda or lacks permissions it needs (e.g. ec2:CreateNetworkInterface for VPC access); fix the role's trust or permission policy.",
  InvalidConfiguration: "The function's configuration is invalid; check the state reason for the field.",
  InternalError: "Lambda had an internal error; retry the update, and contact AWS support if it persists.",
  SubnetOutOfIPAddresses: "A subnet of the function's VPC config has no free IP addresses; add subnets or free addresses.",
  InvalidSubnet: "A subnet of the function's VPC config does not exist or is not usable; fix spec.vpcConfig.subnetIDs.",
  InvalidSecurityGroup: "A security group of the function's VPC config does not exist or is not usable; fix spec.vpcConfig.securityGroupIDs.",
  ImageDeleted: "The function's container image was deleted from ECR; push it again or point the function to another image.",
  ImageAccessDenied: "Lambda may not pull the container image; fix the ECR repository policy or the role.",
  InvalidImage: "The container image is not valid for Lambda (architecture, format or entrypoint).",
  KMSKeyAccessDenied: "Lambda may not use the KMS key that encrypts the function's environment; fix the key policy.",
  KMSKeyNotFound: "The KMS key that encrypts the function's environment no longer exists.",
  InvalidStateKMSKey: "The KMS key is not in a usable state (pending deletion or pending import).",
  DisabledKMSKey: "The KMS key that encrypts the function's environment is disabled.",
  EFSIOError: "An I/O error occurred on the function's EFS file system.",
  EFSMountConnectivityError: "The function cannot reach its EFS mount target; check the VPC, security groups and mount targets.",
  EFSMountFailure: "The function's EFS file system could not be mounted; check the access point and mount targets.",
  EFSMountTimeout: "Mounting the function's EFS file system timed out.",
  InvalidZipFileException: "The deployment package is not a valid zip archive; upload a new package.",
  InvalidRuntime: "The runtime is not supported (deprecated or misspelled); change spec.runtime.",
  FunctionError: "The function's initialisation failed (for SnapStart, the snapshot could not be taken).",
};

/** Plain words for a reason code; unknown codes are named, never dropped. */
export function explainReasonCode(code: string | null | undefined): string {
  if (!code) return "Lambda gave no reason code.";
  // Own keys only: a hostile code such as "constructor" must not reach Object.prototype.
  return isKnownReasonCode(code) ? EXPLANATIONS[code] : `Lambda reason code ${code}; see the AWS Lambda documentation for its meaning.`;
}

function isKnownReasonCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(EXPLANATIONS, code);
}
