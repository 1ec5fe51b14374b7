// In-process domain events: how one module reacts to another's change without importing it (a
// filed request is checked for recurrence by learning; itsm does not know learning). Handlers are
// registered by the server's assembly, run in order and are awaited, so the caller's answer
// already reflects them; a failing handler is logged and never fails the change that happened.
import type { Logger } from '../logger.js';

export type DomainTopics = {
  /** A service request was filed (committed). */
  'serviceRequest:filed': { id: string; title: string; description: string; type: string; instId: number | null };
  /** An escalation opened a new problem (committed; emitted before `pattern:escalated` is published). */
  'problem:opened': { problemId: string; patternId: number };
};

type Handler<K extends keyof DomainTopics> = (payload: DomainTopics[K]) => Promise<void>;

export class DomainEvents {
  private readonly handlers = new Map<keyof DomainTopics, Array<Handler<keyof DomainTopics>>>();

  constructor(private readonly logger: Logger) {}

  on<K extends keyof DomainTopics>(topic: K, handler: Handler<K>): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as Handler<keyof DomainTopics>);
    this.handlers.set(topic, list);
  }

  async emit<K extends keyof DomainTopics>(topic: K, payload: DomainTopics[K]): Promise<void> {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        await handler(payload);
      } catch (error) {
        this.logger.error({ err: error, topic, payload }, 'domain event handler failed');
      }
    }
  }
}
