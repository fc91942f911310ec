/** Every detector trailwatch runs. Add a detector: one import, one entry. */
import { accessAnalyzerDeleted } from './access-analyzer-deleted.js';
import { accessDeniedBurst } from './access-denied-burst.js';
import { accessKeyCreated } from './access-key-created.js';
import { accessKeyDeleted } from './access-key-deleted.js';
import { accessKeyUpdated } from './access-key-updated.js';
import { accessKeysListed } from './access-keys-listed.js';
import { accountAliasChanged } from './account-alias-changed.js';
import { accountContactChanged } from './account-contact-changed.js';
import { accountPasswordPolicyChanged } from './account-password-policy-changed.js';
import { adminPolicyAttached } from './admin-policy-attached.js';
import { amiShared } from './ami-shared.js';
import { apiSurge } from './api-surge.js';
import { bedrockGuardrailRemoved } from './bedrock-guardrail-removed.js';
import { bedrockLoggingDisabled } from './bedrock-logging-disabled.js';
import { bedrockModelAbuse } from './bedrock-model-abuse.js';
import { billingSettingsChanged } from './billing-settings-changed.js';
import { callerIdentityFromNewSource } from './caller-identity-from-new-source.js';
import { cloudtrailLoggingNarrowed } from './cloudtrail-logging-narrowed.js';
import { cloudtrailLoggingStopped } from './cloudtrail-logging-stopped.js';
import { compromisedKeyQuarantine } from './compromised-key-quarantine.js';
import { concurrentKeyUse } from './concurrent-key-use.js';
import { configRecordingStopped } from './config-recording-stopped.js';
import { consoleSigninFailures } from './console-signin-failures.js';
import { consoleSigninWithoutMfa } from './console-signin-without-mfa.js';
import type { Detector } from './detector.js';
import { dnsQueryLoggingDeleted } from './dns-query-logging-deleted.js';
import { ebsSnapshotShared } from './ebs-snapshot-shared.js';
import { ec2InstanceSecretsReadInBulk } from './ec2-instance-secrets-read-in-bulk.js';
import { ec2PasswordDataRead } from './ec2-password-data-read.js';
import { federationTokenRequested } from './federation-token-requested.js';
import { flowLogsDeleted } from './flow-logs-deleted.js';
import { guarddutyDisabled } from './guardduty-disabled.js';
import { iamPasswordChanged } from './iam-password-changed.js';
import { iamRoleCreated } from './iam-role-created.js';
import { iamUserCreated } from './iam-user-created.js';
import { inlinePolicyPut } from './inline-policy-put.js';
import { instanceCredentialsUsedExternally } from './instance-credentials-used-externally.js';
import { knownBadUserAgent } from './known-bad-user-agent.js';
import { lambdaPermissionMadePublic } from './lambda-permission-made-public.js';
import { largeInstanceLaunched } from './large-instance-launched.js';
import { listBucketsFromNewSource } from './list-buckets-from-new-source.js';
import { logBucketExpiryShortened } from './log-bucket-expiry-shortened.js';
import { loginProfileChanged } from './login-profile-changed.js';
import { macieDisabled } from './macie-disabled.js';
import { mfaDeviceRemoved } from './mfa-device-removed.js';
import { networkAclOpened } from './network-acl-opened.js';
import { newBucketForPrincipal } from './new-bucket-for-principal.js';
import { newNetworkForPrincipal } from './new-network-for-principal.js';
import { organizationLeaveAttempted } from './organization-leave-attempted.js';
import { policyRemoved } from './policy-removed.js';
import { policyVersionSetDefault } from './policy-version-set-default.js';
import { rdsSnapshotShared } from './rds-snapshot-shared.js';
import { readBurst } from './read-burst.js';
import { regionOptInChanged } from './region-opt-in-changed.js';
import { regionSweep } from './region-sweep.js';
import { resourcePolicyMadePublic } from './resource-policy-made-public.js';
import { roleAssumedByNewCaller } from './role-assumed-by-new-caller.js';
import { roleAssumedFromExternalAccount } from './role-assumed-from-external-account.js';
import { roleAssumedFromNewSource } from './role-assumed-from-new-source.js';
import { roleAssumptionFailures } from './role-assumption-failures.js';
import { roleChaining } from './role-chaining.js';
import { roleTrustChanged } from './role-trust-changed.js';
import { rootAccessKeyCreated } from './root-access-key-created.js';
import { rootApiActivity } from './root-api-activity.js';
import { rootConsoleSignin } from './root-console-signin.js';
import { rootPasswordChanged } from './root-password-changed.js';
import { s3AclMadePublic } from './s3-acl-made-public.js';
import { s3BulkObjectAccess } from './s3-bulk-object-access.js';
import { s3PublicAccessBlockRemoved } from './s3-public-access-block-removed.js';
import { s3SecurityControlDisabled } from './s3-security-control-disabled.js';
import { secretsBatchRetrieved } from './secrets-batch-retrieved.js';
import { secretsReadInBulk } from './secrets-read-in-bulk.js';
import { securityGroupEgressChanged } from './security-group-egress-changed.js';
import { securityGroupOpened } from './security-group-opened.js';
import { securityhubDisabled } from './securityhub-disabled.js';
import { serviceSweep } from './service-sweep.js';
import { sesSendingProbe } from './ses-sending-probe.js';
import { sessionTokenRequested } from './session-token-requested.js';
import { signinTokenRequested } from './signin-token-requested.js';
import { ssmSecureParametersReadInBulk } from './ssm-secure-parameters-read-in-bulk.js';
import { unusedRegionActivity } from './unused-region-activity.js';
import { userAddedToGroup } from './user-added-to-group.js';

export const DETECTORS: readonly Detector[] = [
  cloudtrailLoggingStopped,
  // root-usage
  rootConsoleSignin,
  rootApiActivity,
  rootAccessKeyCreated,
  // account-change
  rootPasswordChanged,
  accountContactChanged,
  accountAliasChanged,
  accountPasswordPolicyChanged,
  billingSettingsChanged,
  regionOptInChanged,
  organizationLeaveAttempted,
  // access-key-activity
  accessKeyCreated,
  accessKeyUpdated,
  accessKeyDeleted,
  accessKeysListed,
  compromisedKeyQuarantine,
  // console-access
  consoleSigninWithoutMfa,
  consoleSigninFailures,
  federationTokenRequested,
  signinTokenRequested,
  sessionTokenRequested,
  iamPasswordChanged,
  // privilege-change
  adminPolicyAttached,
  inlinePolicyPut,
  policyVersionSetDefault,
  policyRemoved,
  loginProfileChanged,
  mfaDeviceRemoved,
  iamUserCreated,
  iamRoleCreated,
  roleTrustChanged,
  userAddedToGroup,
  // network-exposure
  securityGroupOpened,
  securityGroupEgressChanged,
  networkAclOpened,
  // defense-evasion (beside cloudtrailLoggingStopped)
  cloudtrailLoggingNarrowed,
  logBucketExpiryShortened,
  guarddutyDisabled,
  securityhubDisabled,
  configRecordingStopped,
  flowLogsDeleted,
  dnsQueryLoggingDeleted,
  accessAnalyzerDeleted,
  macieDisabled,
  bedrockLoggingDisabled,
  bedrockGuardrailRemoved,
  // data-exfiltration
  ebsSnapshotShared,
  amiShared,
  rdsSnapshotShared,
  resourcePolicyMadePublic,
  s3AclMadePublic,
  lambdaPermissionMadePublic,
  s3PublicAccessBlockRemoved,
  secretsReadInBulk,
  secretsBatchRetrieved,
  ssmSecureParametersReadInBulk,
  ec2PasswordDataRead,
  ec2InstanceSecretsReadInBulk,
  // defense-evasion: S3 access logging and versioning
  s3SecurityControlDisabled,
  // resource-abuse
  largeInstanceLaunched,
  bedrockModelAbuse,
  sesSendingProbe,
  // unusual-source: known-bad tools and stolen instance credentials
  knownBadUserAgent,
  instanceCredentialsUsedExternally,
  // behavioural: volume, source, enumeration, regions
  apiSurge,
  newNetworkForPrincipal,
  concurrentKeyUse,
  serviceSweep,
  readBurst,
  accessDeniedBurst,
  callerIdentityFromNewSource,
  regionSweep,
  unusedRegionActivity,
  // behavioural: s3-access
  newBucketForPrincipal,
  s3BulkObjectAccess,
  listBucketsFromNewSource,
  // behavioural: role-assumption
  roleAssumedByNewCaller,
  roleAssumedFromExternalAccount,
  roleChaining,
  roleAssumedFromNewSource,
  roleAssumptionFailures,
];
