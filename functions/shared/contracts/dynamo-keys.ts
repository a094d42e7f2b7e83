/**
 * The single-table design of the metadata table (docs/dynamodb-design.md).
 * One partition per employee; a sparse GSI finds photos by state.
 *
 *   pk              sk                         item
 *   EMP#<id>        PHOTO#<photoId>            photo record
 *   EMP#<id>        EXTRAS                     profile extras (skills, pronouns, time zone, links)
 *   EMP#<id>        ACT#<isoTime>#<eventId>    activity log entry (append-only; newest first = ScanIndexForward false)
 *
 *   GSI "byState": gsi1pk = PHOTO_STATE#<state>, gsi1sk = <updatedAt ISO>#<photoId>
 */
export const TABLE_KEY = { partition: 'pk', sort: 'sk' } as const;
export const STATE_INDEX = { name: 'byState', partition: 'gsi1pk', sort: 'gsi1sk' } as const;

export const employeePk = (employeeId: string) => `EMP#${employeeId}`;
export const photoSk = (photoId: string) => `PHOTO#${photoId}`;
export const PHOTO_SK_PREFIX = 'PHOTO#';
export const EXTRAS_SK = 'EXTRAS';
export const ACTIVITY_SK_PREFIX = 'ACT#';
export const activitySk = (isoTime: string, eventId: string) => `${ACTIVITY_SK_PREFIX}${isoTime}#${eventId}`;
export const photoStatePk = (state: string) => `PHOTO_STATE#${state}`;
