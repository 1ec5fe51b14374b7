// ITSM enums, defined once from the Prisma enums: the operations vocabulary other modules import
// (e.g. Pattern.srType uses RequestTypeEnum, Anomaly.severity SeverityEnum, an action's and a
// lesson's environment EnvironmentEnum).
import { builder } from '../../graphql/builder.js';
import { describedValues } from '../../graphql/enum-values.js';

export const RequestTypeEnum = builder.enumType('RequestType', {
  values: describedValues({
    INQUIRY: 'A question; the cycle may answer it from a published KB article.',
    INCIDENT: 'Something is broken.',
    CHANGE: 'A change to a system.',
    SERVICE: 'A request to provide something (access, equipment, …).',
  }),
  description: 'INQUIRY (a question), INCIDENT (something is broken), CHANGE (alter a system), SERVICE (provide something).',
});

export const PriorityEnum = builder.enumType('Priority', {
  values: describedValues({ P1: 'Most urgent (default SLA 4 h).', P2: 'Urgent (default SLA 8 h).', P3: 'Normal (default SLA 24 h).', P4: 'Low (default SLA 72 h).' }),
  description: 'P1 is the most urgent. Default SLA: P1 4 h, P2 8 h, P3 24 h, P4 72 h (configurable).',
});

export const RequestStatusEnum = builder.enumType('RequestStatus', {
  values: describedValues({
    NEW: 'Filed, not yet assigned.',
    ASSIGNED: 'Assigned to an engineer.',
    IN_PROGRESS: 'Being worked on.',
    RESOLVED: 'Resolved (or answered from the KB), with a resolution.',
    CLOSED: 'Closed for good.',
  }),
  description: 'NEW → ASSIGNED → IN_PROGRESS → RESOLVED → CLOSED.',
});

export const CategoryEnum = builder.enumType('Category', {
  values: describedValues({
    NETWORK: 'Network, VPN, Wi-Fi, DNS.',
    DATABASE: 'Databases and queries.',
    SERVER: 'Servers, hosts and services.',
    SECURITY: 'Security, certificates, malware.',
    APPLICATION: 'Business applications.',
    ACCOUNT: 'Accounts, passwords, permissions.',
    HARDWARE: 'Devices, printers, peripherals.',
    OTHER: 'Anything else.',
  }),
  description: 'What a request is about; each team owns some categories.',
});

export const KbStatusEnum = builder.enumType('KbStatus', {
  values: describedValues({ DRAFT: 'Internal, not yet used for answers.', PUBLISHED: 'Can answer inquiries automatically.' }),
  description: 'DRAFT articles are internal; PUBLISHED ones can answer inquiries.',
});

export const SeverityEnum = builder.enumType('Severity', {
  values: describedValues({ LOW: 'Informational.', MEDIUM: 'From 1× the threshold.', HIGH: 'From 1.25× the threshold: opens an incident.', CRITICAL: 'From 1.5× the threshold: opens an incident.' }),
  description: 'Anomaly and incident severity.',
});

export const IncidentStatusEnum = builder.enumType('IncidentStatus', {
  values: describedValues({ OPEN: 'Being handled.', RESOLVED: 'The cause is fixed.', CLOSED: 'Closed for good.' }),
  description: 'OPEN until resolved.',
});

export const EnvironmentEnum = builder.enumType('Environment', {
  values: describedValues({ DEV: 'Development.', STG: 'Staging.', PROD: 'Production: raises risk one level.' }),
  description: 'Where an action runs. PROD raises risk.',
});
