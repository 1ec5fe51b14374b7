// Autonomous operations: imports this feature's GraphQL files and routes so the server picks them up.
import './enums.graphql.js';
import './actions.graphql.js';
import './status.graphql.js';
import './queue.graphql.js';
import './chatops/chatops.route.js';
import './policies.graphql.js';
