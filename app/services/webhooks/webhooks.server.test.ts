/** Webhooks end to end on SQLite (test-support/webhook-delivery-suite.ts). */
import { describeWebhookDelivery } from '@test-support/webhook-delivery-suite';

describeWebhookDelivery('sqlite');
