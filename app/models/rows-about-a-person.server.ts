/**
 * The database rows about one employee, by table: the one list erasure deletes from and its preview counts.
 * A new table about a person adds its (table, column) pair here; the residue scan
 * (app/services/residue-scan.server.ts) searches every table without a list, so a table left out here shows up
 * there as a hit.
 */

/** Tables whose column holds the employee's id: every such row is about them and goes. */
export const ROWS_BY_EMPLOYEE_ID: ReadonlyArray<{ table: string; column: string }> = [
  { table: 'sessions', column: 'employee_id' },
  { table: 'credentials', column: 'employee_id' },
  { table: 'password_reset_tokens', column: 'employee_id' },
  { table: 'linked_identities', column: 'employee_id' },
  { table: 'workflow_tasks', column: 'employee_id' },
  { table: 'local_workflow_executions', column: 'employee_id' },
  { table: 'face_check_consents', column: 'employee_id' },
  { table: 'private_detail_views', column: 'subject_employee_id' },
  { table: 'retention_notices', column: 'employee_id' },
  { table: 'field_change_requests', column: 'employee_id' },
  { table: 'org_history', column: 'employee_id' },
  { table: 'scim_pending_managers', column: 'employee_id' },
  { table: 'webhook_deliveries', column: 'employee_id' },
];

/**
 * Rows found by something other than the id column (each handled in app/models/person-rows.server.ts):
 * - `login_throttle.throttle_key`: the SHA-256 of `account:<email>` for each of their addresses (the per-client
 *   pairs hash the client's address too, cannot be found, and expire with the throttle's window);
 * - `join_requests.work_email`: links sent to their addresses;
 * - `local_workflow_history.execution_name` and `local_workflow_answers.task_token`: their execution's name;
 * - `recorded_notifications.body`: HR's messages that name their id (the local stand-in for the topic);
 * - `private_detail_views.viewer_employee_id`: their looks at other people's details stay in those people's logs,
 *   the viewer set to null ("a former employee");
 * - `field_change_requests.decided_by`: HR's decisions on other people's changes stay with those people, the
 *   decider set to null;
 * - `scim_tokens.created_by`: the SCIM connection tokens they created as HR stay (a provider still uses them), the
 *   creator set to null ("a former employee");
 * - `events` and `event_deliveries` (`employee_id`): their outbox, purged by the last step once `employee.deleted`
 *   has reached its subscribers (app/services/erasure/outbox-step.server.ts); with it the webhook deliveries of
 *   `employee.deleted` itself (`webhook_deliveries.employee_id`), written after the database step and purged once
 *   they are settled.
 */
export const ROWS_FOUND_OTHERWISE = [
  'login_throttle.throttle_key',
  'join_requests.work_email',
  'local_workflow_history.execution_name',
  'local_workflow_answers.task_token',
  'recorded_notifications.body',
  'private_detail_views.viewer_employee_id',
  'field_change_requests.decided_by',
  'scim_tokens.created_by',
  'events.employee_id',
  'event_deliveries.employee_id',
] as const;
