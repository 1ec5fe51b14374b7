// Learning's reactions to other modules' changes, registered by the server's assembly (itsm does
// not import learning): a filed service request is checked for recurrence, and linked to its
// pattern, before the filing mutation reads the request back for its answer.
import type { RequestType } from '../../generated/prisma/enums.js';
import type { Runtime } from '../../runtime.js';
import { detectRecurrenceForRequest } from './recurrence.service.js';

export function registerLearningReactions(rt: Runtime): void {
  rt.domain.on('serviceRequest:filed', async (request) => {
    // Links the request to its pattern through itsm's linkRequestToPattern (see detectRecurrenceForRequest).
    await detectRecurrenceForRequest(rt, {
      srId: request.id,
      title: request.title,
      description: request.description,
      srType: request.type as RequestType,
      instId: request.instId,
    });
  });
}
