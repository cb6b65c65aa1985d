/**
 * Runs a read operation as the one statement src/graphql/compiled-read.ts plans for it, instead of
 * the resolvers, when every selected field can be read in SQL; root fields that cannot (such as
 * `rateLimit` or `changes`) run on the resolvers beside it, and the two parts' data are joined. It replaces the execute function
 * (rather than stopping execution), so plugins that wrap execution keep seeing the operation and
 * its result: cost limits, the timeout, the log, and the response cache (whose id/__typename
 * additions are aliases the plan reads like any other field). Anything the plan cannot answer
 * exactly — a field without SQL, a null where the schema promises a value, a failed statement —
 * runs the resolvers, which then produce the data and errors they always did.
 */
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import type { Context } from '../context';
import { NeedsResolvers, planRead, type Plan } from '../graphql/compiled-read';
import { runRendered } from '../db/json-read';
import type { Plugin } from './index';

/**
 * Which path answered an operation, for tests and the benchmark: the plan within the pipeline,
 * the resolvers, the resolvers after the plan could not answer, or the plan on the prepared lane
 * (src/plugins/prepared-reads.ts).
 */
export type ReadPath = 'compiled' | 'partial' | 'resolvers' | 'fallback' | 'prepared';

export interface CompiledReadsOptions {
  observe?(path: ReadPath, error?: unknown): void;
  /** Told of each query the plan answered for an anonymous caller (see src/plugins/prepared-reads.ts). */
  admit?(query: string, operationName: string | null | undefined, document: DocumentNode): void;
}

type Execute = (args: ExecutionArgs) => unknown;

export function useCompiledReads(options: CompiledReadsOptions = {}): Plugin {
  const run = async (args: ExecutionArgs, execute: Execute): Promise<unknown> => {
    const context = args.contextValue as Context;
    // A dry run executes its `rateLimit` fields only (the cost plugin cuts the document down).
    if (context.rateLimit?.dryRun) return execute(args);
    const plan = planRead(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | null, context, { partial: true });
    if (!plan) {
      options.observe?.('resolvers');
      return execute(args);
    }
    // Root fields without SQL run on the resolvers beside the statement. Their loaders wait a timer
    // turn before they read; the statement goes out after it, so that their reads share its round trip.
    const { resolved } = plan;
    const resolving = resolved ? (async () => (await execute({ ...args, document: resolved.document })) as ExecutionResult)() : undefined;
    // Awaited only after the statement: a rejection before then (the request's deadline aborting
    // the execution) must not go unhandled meanwhile, which would end a Node process.
    resolving?.catch(() => undefined);
    const statement = resolved ? afterATimerTurn(() => runRendered(context.db, plan.query)) : runRendered(context.db, plan.query);
    let data: Record<string, unknown>;
    try {
      data = plan.finish(JSON.parse(await statement));
    } catch (error) {
      options.observe?.('fallback', error instanceof NeedsResolvers ? undefined : error);
      return execute(args);
    }
    if (resolved && resolving) {
      options.observe?.('partial');
      return merged(resolved, data, await resolving);
    }
    options.observe?.('compiled');
    const query = (args.contextValue as { params?: { query?: unknown } }).params?.query;
    if (options.admit && context.viewer === null && typeof query === 'string') options.admit(query, args.operationName, args.document);
    return { data } satisfies ExecutionResult;
  };
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(((args: ExecutionArgs) => run(args, executeFn as Execute)) as typeof executeFn);
    },
  };
}

/**
 * The statement's root fields and the resolvers' in the operation's order, with the resolvers'
 * errors; a non-null root field the resolvers could not give nulls the whole data, as graphql-js does.
 */
function merged(resolved: NonNullable<Plan['resolved']>, data: Record<string, unknown>, rest: ExecutionResult): ExecutionResult {
  if (rest.data == null) return rest;
  const whole: Record<string, unknown> = {};
  for (const key of resolved.order) whole[key] = resolved.keys.has(key) ? rest.data[key] : data[key];
  return rest.errors ? { errors: rest.errors, data: whole } : { data: whole };
}

/** `work` started after one turn of the timers (as the resolvers' loaders start theirs). */
function afterATimerTurn<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(work);
}
