// ITSM enums, defined once from the Prisma enums: the operations vocabulary other modules import
// (e.g. Pattern.srType uses RequestTypeEnum, Anomaly.severity SeverityEnum, an action's and a
// lesson's environment EnvironmentEnum).
import {
  Category,
  Environment,
  IncidentStatus,
  KbStatus,
  Priority,
  RequestStatus,
  RequestType,
  Severity,
} from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';

export const RequestTypeEnum = builder.enumType(RequestType, {
  name: 'RequestType',
  description: 'INQUIRY (a question), INCIDENT (something is broken), CHANGE (alter a system), SERVICE (provide something).',
});

export const PriorityEnum = builder.enumType(Priority, {
  name: 'Priority',
  description: 'P1 is the most urgent. Default SLA: P1 4 h, P2 8 h, P3 24 h, P4 72 h (configurable).',
});

export const RequestStatusEnum = builder.enumType(RequestStatus, {
  name: 'RequestStatus',
  description: 'NEW → ASSIGNED → IN_PROGRESS → RESOLVED → CLOSED.',
});

export const CategoryEnum = builder.enumType(Category, {
  name: 'Category',
  description: 'What a request is about; each team owns some categories.',
});

export const KbStatusEnum = builder.enumType(KbStatus, {
  name: 'KbStatus',
  description: 'DRAFT articles are internal; PUBLISHED ones can answer inquiries.',
});

export const SeverityEnum = builder.enumType(Severity, {
  name: 'Severity',
  description: 'Anomaly and incident severity.',
});

export const IncidentStatusEnum = builder.enumType(IncidentStatus, {
  name: 'IncidentStatus',
  description: 'OPEN until resolved.',
});

export const EnvironmentEnum = builder.enumType(Environment, {
  name: 'Environment',
  description: 'Where an action runs. PROD raises risk.',
});
