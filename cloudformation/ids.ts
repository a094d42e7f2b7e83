/**
 * Logical IDs of the main stack. They are constants and never renamed: CloudFormation treats a renamed
 * logical ID as a delete plus a create, which for the database, the table or a bucket means data loss.
 */
export const ID = {
  // encryption
  DataKey: 'DataKey',
  DataKeyAlias: 'DataKeyAlias',
  // network
  Vpc: 'Vpc',
  InternetGateway: 'InternetGateway',
  InternetGatewayAttachment: 'InternetGatewayAttachment',
  PublicSubnetA: 'PublicSubnetA',
  PublicSubnetB: 'PublicSubnetB',
  PrivateSubnetA: 'PrivateSubnetA',
  PrivateSubnetB: 'PrivateSubnetB',
  PublicRouteTable: 'PublicRouteTable',
  PublicDefaultRoute: 'PublicDefaultRoute',
  PublicSubnetARouteTableAssociation: 'PublicSubnetARouteTableAssociation',
  PublicSubnetBRouteTableAssociation: 'PublicSubnetBRouteTableAssociation',
  PrivateRouteTable: 'PrivateRouteTable',
  PrivateSubnetARouteTableAssociation: 'PrivateSubnetARouteTableAssociation',
  PrivateSubnetBRouteTableAssociation: 'PrivateSubnetBRouteTableAssociation',
  S3GatewayEndpoint: 'S3GatewayEndpoint',
  DynamoDbGatewayEndpoint: 'DynamoDbGatewayEndpoint',
  NatGatewayAddress: 'NatGatewayAddress',
  NatGateway: 'NatGateway',
  PrivateDefaultRoute: 'PrivateDefaultRoute',
  FlowLogGroup: 'FlowLogGroup',
  FlowLogRole: 'FlowLogRole',
  FlowLog: 'FlowLog',
  // security groups
  LoadBalancerSecurityGroup: 'LoadBalancerSecurityGroup',
  AppSecurityGroup: 'AppSecurityGroup',
  AppToDatabaseEgress: 'AppToDatabaseEgress',
  DatabaseSecurityGroup: 'DatabaseSecurityGroup',
  EndpointSecurityGroup: 'EndpointSecurityGroup',
  // load balancer and domain
  Certificate: 'Certificate',
  LoadBalancer: 'LoadBalancer',
  AppTargetGroup: 'AppTargetGroup',
  HttpsListener: 'HttpsListener',
  HttpListener: 'HttpListener',
  DomainRecord: 'DomainRecord',
  // compute
  AppRole: 'AppRole',
  AppInstanceProfile: 'AppInstanceProfile',
  AppLogGroup: 'AppLogGroup',
  AppLaunchTemplate: 'AppLaunchTemplate',
  AppAutoScalingGroup: 'AppAutoScalingGroup',
  AppCpuScalingPolicy: 'AppCpuScalingPolicy',
  // data
  DatabaseSubnetGroup: 'DatabaseSubnetGroup',
  DatabaseParameterGroup: 'DatabaseParameterGroup',
  Database: 'Database',
  MetadataTable: 'MetadataTable',
  PhotoBucket: 'PhotoBucket',
  PhotoBucketPolicy: 'PhotoBucketPolicy',
  // photo function
  PhotoFunctionRole: 'PhotoFunctionRole',
  PhotoFunctionLogGroup: 'PhotoFunctionLogGroup',
  PhotoFunctionDeadLetterQueue: 'PhotoFunctionDeadLetterQueue',
  PhotoFunctionDeadLetterQueuePolicy: 'PhotoFunctionDeadLetterQueuePolicy',
  PhotoFunction: 'PhotoFunction',
  PhotoFunctionEventInvokeConfig: 'PhotoFunctionEventInvokeConfig',
  PhotoFunctionS3Permission: 'PhotoFunctionS3Permission',
  // face verification
  FaceCollection: 'FaceCollection',
  // notifications
  NotificationsTopic: 'NotificationsTopic',
  NotificationsTopicPolicy: 'NotificationsTopicPolicy',
  NotificationsEmailSubscription: 'NotificationsEmailSubscription',
  // email to employees
  EmailIdentity: 'EmailIdentity',
  EmailDkimRecord1: 'EmailDkimRecord1',
  EmailDkimRecord2: 'EmailDkimRecord2',
  EmailDkimRecord3: 'EmailDkimRecord3',
  MailConfigurationSet: 'MailConfigurationSet',
  MailEventsToHr: 'MailEventsToHr',
  // search (decision 109)
  SearchSecurityGroup: 'SearchSecurityGroup',
  SearchLogGroup: 'SearchLogGroup',
  SearchLogPolicy: 'SearchLogPolicy',
  SearchDomain: 'SearchDomain',
  // verification workflow (decision 110)
  WorkflowTaskQueue: 'WorkflowTaskQueue',
  WorkflowTaskDeadLetterQueue: 'WorkflowTaskDeadLetterQueue',
  WorkflowTaskQueuePolicy: 'WorkflowTaskQueuePolicy',
  WorkflowLogGroup: 'WorkflowLogGroup',
  WorkflowRole: 'WorkflowRole',
  VerificationStateMachine: 'VerificationStateMachine',
  WorkflowExecutionsFailedAlarm: 'WorkflowExecutionsFailedAlarm',
  WorkflowTaskDeadLettersAlarm: 'WorkflowTaskDeadLettersAlarm',
  // webhooks (decision 329): the key that encrypts the endpoints' signing secrets
  WebhookSecretsKey: 'WebhookSecretsKey',
  /** Only with OidcClientSecretsArn set: the app role may read that one secret. */
  OidcClientSecretsPolicy: 'OidcClientSecretsPolicy',
} as const;

/** The interface endpoints the private tier uses when PrivateEgress=VpcEndpoints (docs/decisions/102). */
export const INTERFACE_ENDPOINT_SERVICES = {
  SsmEndpoint: 'ssm',
  SsmMessagesEndpoint: 'ssmmessages',
  LogsEndpoint: 'logs',
  SnsEndpoint: 'sns',
  SecretsManagerEndpoint: 'secretsmanager',
  CloudFormationEndpoint: 'cloudformation',
  // The app deletes a photo's face from the collection (DeleteFaces).
  RekognitionEndpoint: 'rekognition',
  // The verification workflow (decision 110): the app starts executions, answers steps and reads the task queue.
  StatesEndpoint: 'states',
  SqsEndpoint: 'sqs',
} as const;

/** Parameter names of the main stack. */
export const P = {
  NamePrefix: 'NamePrefix',
  DomainName: 'DomainName',
  HostedZoneId: 'HostedZoneId',
  CertificateArn: 'CertificateArn',
  ArtifactsBucketName: 'ArtifactsBucketName',
  AppArtifactKey: 'AppArtifactKey',
  AllowedEmailDomains: 'AllowedEmailDomains',
  PhotoMaxBytes: 'PhotoMaxBytes',
  NotificationEmail: 'NotificationEmail',
  InstanceType: 'InstanceType',
  LatestAmiId: 'LatestAmiId',
  MinInstances: 'MinInstances',
  MaxInstances: 'MaxInstances',
  TargetCpuPercent: 'TargetCpuPercent',
  DatabaseEngineVersion: 'DatabaseEngineVersion',
  DatabaseInstanceClass: 'DatabaseInstanceClass',
  DatabaseAllocatedStorage: 'DatabaseAllocatedStorage',
  DatabaseMultiAz: 'DatabaseMultiAz',
  DatabaseBackupRetentionDays: 'DatabaseBackupRetentionDays',
  AccessLogsBucketName: 'AccessLogsBucketName',
  LogRetentionDays: 'LogRetentionDays',
  PhotoFunctionConcurrency: 'PhotoFunctionConcurrency',
  PrivateEgress: 'PrivateEgress',
  SearchDomainEnabled: 'SearchDomainEnabled',
  SearchInstanceType: 'SearchInstanceType',
  SearchInstanceCount: 'SearchInstanceCount',
  SearchVolumeGiB: 'SearchVolumeGiB',
  OidcProviders: 'OidcProviders',
  OidcClientSecretsArn: 'OidcClientSecretsArn',
  PasswordSignIn: 'PasswordSignIn',
  RetentionRejectedApplicationDays: 'RetentionRejectedApplicationDays',
  RetentionDeactivatedProfileDays: 'RetentionDeactivatedProfileDays',
  RetentionFaceAfterDeactivationDays: 'RetentionFaceAfterDeactivationDays',
  RetentionWarningDays: 'RetentionWarningDays',
} as const;

/** Condition names of the main stack. */
export const C = {
  CreateCertificate: 'CreateCertificate',
  HasNotificationEmail: 'HasNotificationEmail',
  HasAccessLogsBucket: 'HasAccessLogsBucket',
  IsMySql84: 'IsMySql84',
  UseVpcEndpoints: 'UseVpcEndpoints',
  UseNatGateway: 'UseNatGateway',
  HasSearchDomain: 'HasSearchDomain',
  HasOidcClientSecrets: 'HasOidcClientSecrets',
} as const;

/** Names that the app, the function and the user data agree on. */
export const APP = {
  port: 3000,
  databaseName: 'employees',
  databaseUser: 'appuser',
  masterUsername: 'dbadmin',
  installDir: '/opt/employee-profiles',
  envFile: '/etc/employee-profiles/app.env',
  caFile: '/etc/employee-profiles/rds-ca.pem',
  dataDir: '/var/lib/employee-profiles',
  logFile: '/var/log/employee-profiles/app.log',
} as const;

/** Physical names built from parameters (so they can be referenced without a dependency on the resource). */
export const NAMES = {
  photoBucket: '${NamePrefix}-photos-${AWS::AccountId}-${AWS::Region}',
  photoFunction: '${NamePrefix}-photo-processor',
  mailConfigurationSet: '${NamePrefix}-notices',
  faceCollection: '${NamePrefix}-faces',
  // OpenSearch allows 28 characters (NamePrefix has at most 22). A fixed name lets the app role's policy name
  // the domain's ARN while the domain names the role as its master user, without a circular dependency.
  searchDomain: '${NamePrefix}-os',
  // The app's OPENSEARCH_INDEX_PREFIX: its alias and indexes are `<prefix>-employees*`.
  searchIndexPrefix: '${NamePrefix}',
  // A fixed name lets the app role name the machine's executions (execution:<name>:*).
  verificationStateMachine: '${NamePrefix}-verification',
} as const;
