// Chat commands on service requests (the seed bot's /sr): itsm's services, with the same rules as
// the API — a REQUESTER reads only their own requests, and files for their own institution.
import type { ServiceRequest } from '../../../generated/prisma/client.js';
import type { RequestType } from '../../../generated/prisma/enums.js';
import type { Viewer } from '../../../auth/viewer.js';
import type { Runtime } from '../../../runtime.js';
import { createServiceRequest, getServiceRequest } from '../../itsm/service-requests.service.js';

function duration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export function requestText(request: ServiceRequest, now: Date): string {
  const open = request.status !== 'RESOLVED' && request.status !== 'CLOSED';
  const left = request.slaDueAt.getTime() - now.getTime();
  const sla = !open
    ? `SLA was due ${request.slaDueAt.toISOString()}; resolved ${request.resolvedAt?.toISOString() ?? ''}`.trim()
    : left >= 0
      ? `SLA due ${request.slaDueAt.toISOString()} (in ${duration(left)})`
      : `SLA due ${request.slaDueAt.toISOString()} (overdue by ${duration(left)})`;
  return [
    `${request.id} [${request.priority}] ${request.status} — ${request.title}`,
    `${request.type}${request.category ? `, ${request.category}` : ''}; requested by ${request.requester}; assignee ${request.assignee ?? 'none yet'}`,
    `${sla}${request.escalatedAt ? `; escalated ${request.escalatedAt.toISOString()}` : ''}`,
    ...(request.resolution ? [`Resolution: ${request.resolution.slice(0, 300)}`] : []),
  ].join('\n');
}

/** `/sr SR-…`: a request the chat user may read (another requester's is NOT_FOUND, as in the API). */
export async function requestStatusCommand(rt: Runtime, viewer: Viewer, { words }: { words: string[] }): Promise<string> {
  return requestText(await getServiceRequest(rt, viewer, words[0] ?? ''), rt.clock.now());
}

const TYPE_PREFIXES: Record<string, RequestType> = { 'inquiry:': 'INQUIRY', 'incident:': 'INCIDENT', 'change:': 'CHANGE', 'service:': 'SERVICE' };

/** `/sr new [inquiry:|incident:|change:] <title>`: filed as the chat user, exactly like createServiceRequest. */
export async function fileRequestCommand(rt: Runtime, viewer: Viewer, { words }: { words: string[] }): Promise<string> {
  const prefix = words[0]?.toLowerCase();
  const type = (prefix && TYPE_PREFIXES[prefix]) || 'SERVICE';
  const title = (prefix && TYPE_PREFIXES[prefix] ? words.slice(1) : words).join(' ');
  const request = await createServiceRequest(rt, viewer, { title, description: `${title}\n(filed from chat by ${viewer.username})`, type });
  return `:memo: Filed ${request.id} for ${viewer.username}.\n${requestText(request, rt.clock.now())}`;
}
