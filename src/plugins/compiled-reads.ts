/**
 * Runs a read operation as the one statement src/graphql/compiled-read.ts plans for it, instead of
 * the resolvers, when every selected field can be read in SQL. It replaces the execute function
 * (rather than stopping execution), so plugins that wrap execution keep seeing the operation and
 * its result: cost limits, the timeout, the log, and the response cache (whose id/__typename
 * additions are aliases the plan reads like any other field). Anything the plan cannot answer
 * exactly — a field without SQL, a null where the schema promises a value, a failed statement —
 * runs the resolvers, which then produce the data and errors they always did.
 */
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import type { Context } from '../context';
import { NeedsResolvers, planRead } from '../graphql/compiled-read';
import { runRendered } from '../db/json-read';
import type { Plugin } from './index';

/**
 * Which path answered an operation, for tests and the benchmark: the plan within the pipeline,
 * the resolvers, the resolvers after the plan could not answer, or the plan on the prepared lane
 * (src/plugins/prepared-reads.ts).
 */
export type ReadPath = 'compiled' | 'resolvers' | 'fallback' | 'prepared';

export interface CompiledReadsOptions {
  observe?(path: ReadPath, error?: unknown): void;
  /** Told of each query the plan answered for an anonymous caller (see src/plugins/prepared-reads.ts). */
  admit?(query: string, operationName: string | null | undefined, document: DocumentNode): void;
}

type Execute = (args: ExecutionArgs) => unknown;

export function useCompiledReads(options: CompiledReadsOptions = {}): Plugin {
  const run = async (args: ExecutionArgs, execute: Execute): Promise<unknown> => {
    const context = args.contextValue as Context;
    const plan = planRead(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | null, context);
    if (!plan) {
      options.observe?.('resolvers');
      return execute(args);
    }
    let data: Record<string, unknown>;
    try {
      data = plan.finish(JSON.parse(await runRendered(context.db, plan.query)));
    } catch (error) {
      options.observe?.('fallback', error instanceof NeedsResolvers ? undefined : error);
      return execute(args);
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
