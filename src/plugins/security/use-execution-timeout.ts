import { GraphQLError } from 'graphql';
import type { YogaInitialContext } from 'graphql-yoga';
import { cancelRequest, remainingRequestMs, requestBudget } from '../../db/faults';
import type { Plugin } from '../index';

/**
 * Cancels execution that outlives the limit (or the request's deadline, if sooner); the response
 * carries a TIMEOUT error. A mutation whose write is already on its way is not cancelled: its
 * round trip is bounded by the same deadline, and the mutation reports what became of the write.
 */
export function useExecutionTimeout(limitMs: number): Plugin {
  return {
    onExecute({ args }) {
      const controller = new AbortController();
      const budget = requestBudget();
      const timer = setTimeout(() => {
        if (!cancelRequest(budget)) return;
        controller.abort(
          new GraphQLError(`Execution exceeded ${limitMs} ms and was cancelled; nothing was changed.`, { extensions: { code: 'TIMEOUT' } }),
        );
      }, Math.max(0, Math.min(limitMs, remainingRequestMs() ?? limitMs)));
      // Node would otherwise stay alive for a timer whose operation has finished.
      (timer as unknown as { unref?: () => void }).unref?.();
      const request = (args.contextValue as Partial<YogaInitialContext>).request;
      request?.signal?.addEventListener('abort', () => controller.abort(request.signal.reason), { once: true });
      // @graphql-tools/executor (yoga's executor) stops resolving once this signal aborts.
      (args as typeof args & { signal?: AbortSignal }).signal = controller.signal;
      return {
        onExecuteDone() {
          clearTimeout(timer);
        },
      };
    },
  };
}
