// Autonomous operations: imports this feature's GraphQL files (schema assembly). Nothing else
// happens on import: the chat-ops route and the jobs are listed by the server's assembly.
import './enums.graphql.js';
import './actions.graphql.js';
import './auto-status.graphql.js';
import './auto-queue.graphql.js';
import './approval-queue.graphql.js';
import './risk-policies.graphql.js';
import './approval-workflow.graphql.js';
import './delegations.graphql.js';
