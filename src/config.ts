/** Runtime configuration read from the environment, shared by both entries. */
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true');

export const configSchema = z.object({
  LIBSQL_URL: z.string().min(1).optional(),
  LIBSQL_AUTH_TOKEN: z.string().min(1).optional(),
  GRAPHQL_TRACE: flag,
});

export type RuntimeConfig = z.infer<typeof configSchema>;

export function readConfig(env: Record<string, unknown>): RuntimeConfig {
  return configSchema.parse(env);
}
