/**
 * The photo function's environment, parsed once at cold start: a missing or malformed variable
 * stops the function with a message that names it, instead of failing on the first event.
 */
import { z } from 'zod';
import { PHOTO_MAX_INPUT_PIXELS } from './contracts/photo-limits';
import { FaceCheckSettingsSchema, requireCollectionForRekognition } from './faces/face-check-settings';
import { AwsClientSettingsSchema } from './aws-client-settings';

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const FunctionEnvSchema = z
  .object({
    DYNAMODB_TABLE: z.string().min(3, 'DYNAMODB_TABLE must name the metadata table (3+ characters)'),
    AWS_REGION: z.string().min(1).default('us-east-1'),
    /** Emulators only (s3rver, dynalite); unset on AWS. */
    S3_ENDPOINT: optionalUrl,
    DYNAMODB_ENDPOINT: optionalUrl,
    /** Pixel-bomb guard: originals with more pixels than this are refused (marked failed). */
    PHOTO_MAX_INPUT_PIXELS: positiveInt(PHOTO_MAX_INPUT_PIXELS),
    /** A safety bound on what the function reads into memory; the app's upload cap (15 MB) is the product limit. */
    PHOTO_MAX_ORIGINAL_BYTES: positiveInt(25 * 1024 * 1024),
    /**
     * How long a claim holds; must exceed the Lambda timeout (30 s in cloudformation/) so a live invocation is
     * never overtaken, and stay under Lambda's first async retry (about 1 min after a failure) so that retry can take over.
     */
    PHOTO_PROCESSING_LEASE_SECONDS: positiveInt(60),
  })
  // The face check's settings (FACE_*, REKOGNITION_COLLECTION_ID), shared with the web app's local runtime.
  .merge(FaceCheckSettingsSchema)
  .merge(AwsClientSettingsSchema)
  .superRefine(requireCollectionForRekognition);
export type FunctionEnv = z.infer<typeof FunctionEnvSchema>;

export class InvalidEnvironmentError extends Error {
  override name = 'InvalidEnvironmentError';
}

export function parseFunctionEnv(source: Record<string, string | undefined> = process.env): FunctionEnv {
  const result = FunctionEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new InvalidEnvironmentError(`Invalid environment for the photo function: ${problems.join('; ')}`);
  }
  return result.data;
}
