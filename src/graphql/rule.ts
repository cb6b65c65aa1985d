/**
 * Validation rules that build their zod schema the first time they validate. Constructing a zod
 * schema costs CPU (every chained call builds another instance), and only writes use these rules:
 * built at module scope they cost every Worker isolate's start-up several milliseconds.
 * plugin-validation reads a rule only through its Standard Schema interface (`~standard`) when it
 * validates, so what runs then, messages included, is exactly the schema given.
 */
import type * as z from 'zod';

export interface Rule<T extends z.ZodType = z.ZodType> {
  readonly '~standard': T['~standard'];
  /** The zod schema, built on the first call. */
  schema(): T;
  /** The same rule, also accepting undefined (an omitted field). */
  optional(): Rule<z.ZodOptional<T>>;
  /** The same rule, also accepting null and undefined. */
  nullish(): Rule<z.ZodOptional<z.ZodNullable<T>>>;
}

export function rule<T extends z.ZodType>(build: () => T): Rule<T> {
  let built: T | undefined;
  const schema = () => (built ??= build());
  return {
    get '~standard'() {
      return schema()['~standard'];
    },
    schema,
    optional: () => rule(() => schema().optional()),
    nullish: () => rule(() => schema().nullish()),
  };
}
