/**
 * The reconciliation across the three stores, read-only, after the faults: nothing lost (every join the server
 * accepted is an employee), nothing half-written (an employee's photo has its record and its objects, a photo
 * record has its employee, no object belongs to nobody past the orphan sweep's window), and every outbox event
 * delivered exactly once to each subscriber of its type (one delivery row, delivered; one recorded message per
 * event id).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { Op } from 'sequelize';
import { createDocumentClient, createS3Client } from '@shared/aws-clients';
import type { EmployeeEventType } from '@shared/contracts/employee-events';
import { closeDatabase, openDatabase } from '~/db/database.server';
import { SUBSCRIPTIONS, subscribersOf } from '~/services/subscriptions';

export const SWEEP_WINDOW_MS = 60 * 60 * 1000; // app/services/orphan-sweep.server.ts

export interface Reconciliation {
  employees: number;
  photoRecords: number;
  objects: number;
  lostJoins: string[];
  halfWritten: string[];
  /** Photo records whose employee does not exist (a join cut short, e.g. by a killed worker): the sweep's work. */
  recordsWithoutEmployee: number;
  recordsWithoutEmployeePastWindow: number;
  orphanObjectsPastWindow: number;
  orphanObjectsWithinWindow: number;
  unsettledPhotos: number;
  /** Each photo still waiting to be processed, with what it would take to tell why. */
  unsettledDetails: string[];
  events: number;
  subscribers: string[];
  undelivered: number;
  missingDeliveries: number;
  duplicateMessages: number;
}

interface PhotoItem {
  employeeId: string;
  photoId: string;
  state: string;
  renditions?: Array<{ key: string }>;
  updatedAt: string;
  leaseExpiresAt?: string;
  attempt?: number;
  unfinishedClaims?: number;
}

/**
 * s3rver lists a directory and then reads each object's metadata; an object deleted in between (a replaced photo,
 * the orphan sweep) makes that one listing fail with InternalError. S3 lists consistently; here, list again.
 */
async function listingRetried<T>(list: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await list();
    } catch (error) {
      if ((error as Error).name !== 'InternalError' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function reconcile(options: {
  mysqlUrl: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucket: string;
  acceptedJoinEmails: string[];
}): Promise<Reconciliation> {
  const db = openDatabase({ url: options.mysqlUrl });
  const dynamo = createDocumentClient({ region: 'us-east-1', endpoint: options.dynamodbEndpoint });
  const s3 = createS3Client({ region: 'us-east-1', endpoint: options.s3Endpoint });
  try {
    const employees = (await db.models.Employee.findAll({
      attributes: ['id', 'workEmailNormalized', 'photoId', 'pendingPhotoId', 'failedPhotoId'],
      raw: true,
    })) as unknown as Array<{
      id: string;
      workEmailNormalized: string;
      photoId: string | null;
      pendingPhotoId: string | null;
      failedPhotoId: string | null;
    }>;

    const photos = new Map<string, PhotoItem>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: options.tableName, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        if (item.entity === 'photo') photos.set(`${item.employeeId}/${item.photoId}`, item as PhotoItem);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    // ListObjects (version 1) paged by the last key: s3rver makes a V2 continuation token with a cipher that
    // OpenSSL 3 refuses, so every V2 listing of more than one page (1,000 objects) answers InternalError.
    const objects = new Map<string, Date>();
    let marker: string | undefined;
    for (;;) {
      const page = await listingRetried(() =>
        s3.send(new ListObjectsCommand({ Bucket: options.bucket, Marker: marker })),
      );
      for (const object of page.Contents ?? []) objects.set(object.Key!, object.LastModified ?? new Date(0));
      if (!page.IsTruncated || !page.Contents?.length) break;
      marker = page.Contents.at(-1)!.Key;
    }

    const emails = new Set(employees.map((employee) => employee.workEmailNormalized));
    const lostJoins = options.acceptedJoinEmails.filter((email) => !emails.has(email.toLowerCase()));

    const halfWritten: string[] = [];
    const referenced = new Set<string>();
    for (const employee of employees) {
      for (const photoId of [employee.photoId, employee.pendingPhotoId, employee.failedPhotoId]) {
        if (!photoId) continue;
        const key = `${employee.id}/${photoId}`;
        referenced.add(key);
        const record = photos.get(key);
        if (!record) {
          halfWritten.push(`${employee.id}: photo ${photoId} has no record`);
          continue;
        }
        if (record.state === 'failed') continue;
        if (!objects.has(`originals/${key}`) && record.state !== 'ready') {
          halfWritten.push(`${employee.id}: photo ${photoId} (${record.state}) has no original`);
        }
        if (record.state === 'ready') {
          const missing = (record.renditions ?? []).filter((rendition) => !objects.has(rendition.key));
          if (missing.length > 0 || (record.renditions ?? []).length === 0) {
            halfWritten.push(`${employee.id}: ready photo ${photoId} misses ${missing.length} renditions`);
          }
        }
      }
    }
    const employeeIds = new Set(employees.map((employee) => employee.id));
    const withoutEmployee = [...photos.values()].filter((photo) => !employeeIds.has(photo.employeeId));
    const recordsWithoutEmployee = withoutEmployee.length;
    const recordsWithoutEmployeePastWindow = withoutEmployee.filter(
      (photo) => new Date(photo.updatedAt).getTime() < Date.now() - SWEEP_WINDOW_MS,
    ).length;
    // A record whose employee was never created (a join that failed after storing its photo, and whose undo could
    // not reach DynamoDB) is the orphan sweep's, counted above by its age; waiting for its processing is waiting
    // for nothing.
    const unsettled = [...photos.values()].filter(
      (photo) => ['uploaded', 'processing'].includes(photo.state) && employeeIds.has(photo.employeeId),
    );
    const unsettledPhotos = unsettled.length;
    const unsettledDetails = unsettled.map(
      (photo) =>
        `${photo.employeeId}/${photo.photoId} ${photo.state} since ${photo.updatedAt}` +
        ` (lease ${photo.leaseExpiresAt ?? 'none'}, attempt ${photo.attempt ?? 0}, unfinished claims ` +
        `${photo.unfinishedClaims ?? 0}; employee ${employeeIds.has(photo.employeeId) ? 'exists' : 'missing'}; ` +
        `original ${objects.has(`originals/${photo.employeeId}/${photo.photoId}`) ? 'stored' : 'missing'})`,
    );

    const cutoff = Date.now() - SWEEP_WINDOW_MS;
    let orphanObjectsPastWindow = 0;
    let orphanObjectsWithinWindow = 0;
    for (const [key, modified] of objects) {
      const match = /^(?:originals|renditions)\/([0-9a-f-]{36})\/([0-9a-f-]{36})/.exec(key);
      const owned = match && referenced.has(`${match[1]}/${match[2]}`) && photos.has(`${match[1]}/${match[2]}`);
      if (owned) continue;
      if (modified.getTime() < cutoff) orphanObjectsPastWindow += 1;
      else orphanObjectsWithinWindow += 1;
    }

    const events = (await db.models.Event.findAll({
      attributes: ['seq', 'id', 'type'],
      raw: true,
    })) as unknown as Array<{
      seq: number;
      id: string;
      type: EmployeeEventType;
    }>;
    const deliveries = (await db.models.EventDelivery.findAll({
      attributes: ['eventSeq', 'subscriber', 'deliveredAt'],
      raw: true,
    })) as unknown as Array<{ eventSeq: number; subscriber: string; deliveredAt: Date | null }>;
    const subscribers = Object.keys(SUBSCRIPTIONS).sort();
    const delivered = new Set(deliveries.map((delivery) => `${delivery.eventSeq}/${delivery.subscriber}`));
    let missingDeliveries = 0;
    for (const event of events) {
      for (const subscriber of subscribersOf(event.type)) {
        if (!delivered.has(`${event.seq}/${subscriber}`)) missingDeliveries += 1;
      }
    }
    const undelivered = deliveries.filter((delivery) => !delivery.deliveredAt).length;
    const messages = (await db.models.RecordedNotification.findAll({
      attributes: ['messageId'],
      where: { messageId: { [Op.ne]: '' } },
      raw: true,
    })) as unknown as Array<{ messageId: string }>;
    const duplicateMessages = messages.length - new Set(messages.map((message) => message.messageId)).size;

    return {
      employees: employees.length,
      photoRecords: photos.size,
      objects: objects.size,
      lostJoins,
      halfWritten,
      recordsWithoutEmployee,
      recordsWithoutEmployeePastWindow,
      orphanObjectsPastWindow,
      orphanObjectsWithinWindow,
      unsettledPhotos,
      unsettledDetails,
      events: events.length,
      subscribers,
      undelivered,
      missingDeliveries,
      duplicateMessages,
    };
  } finally {
    await closeDatabase(db);
    dynamo.destroy();
    s3.destroy();
  }
}
