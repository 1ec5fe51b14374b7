// One shape for the plugins that judge an operation before it runs (permissions, limits, the rate
// limit): the check returns a refusal or nothing, on HTTP, SSE and graphql-ws alike, and a refused
// operation neither executes nor subscribes.
import type { Plugin } from '@envelop/core';
import type { GraphQLError } from 'graphql';

type OperationArgs = Parameters<NonNullable<Plugin['onExecute']>>[0]['args'];

export type OperationCheck = (args: OperationArgs) => GraphQLError | undefined | Promise<GraphQLError | undefined>;

export function refuseBeforeRunning(check: OperationCheck): Plugin {
  // Synchronous checks stay synchronous: no promise per operation per plugin.
  const judge = (args: OperationArgs, stop: (result: { errors: GraphQLError[] }) => void): void | Promise<void> => {
    const refusal = check(args);
    if (refusal instanceof Promise) {
      return refusal.then((late) => {
        if (late) stop({ errors: [late] });
      });
    }
    if (refusal) stop({ errors: [refusal] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => judge(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => judge(args as OperationArgs, setResultAndStopExecution),
  };
}
