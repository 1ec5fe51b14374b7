// One shape for the plugins that judge an operation before it runs (permissions, limits, the rate
// limit): the check returns a refusal or nothing, on HTTP, SSE and graphql-ws alike, and a refused
// operation neither executes nor subscribes.
import type { Plugin } from '@envelop/core';
import type { GraphQLError } from 'graphql';

type OperationArgs = Parameters<NonNullable<Plugin['onExecute']>>[0]['args'];

export type OperationCheck = (args: OperationArgs) => GraphQLError | undefined | Promise<GraphQLError | undefined>;

export function refuseBeforeRunning(check: OperationCheck): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refusal = await check(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = await check(args as OperationArgs);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
