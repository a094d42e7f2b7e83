/** Webhooks end to end on MariaDB (test-support/webhook-delivery-suite.ts). */
import { describeWebhookDelivery } from '@test-support/webhook-delivery-suite';

describeWebhookDelivery('mariadb');
