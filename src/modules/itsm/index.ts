// ITSM core: imports this feature's GraphQL files so the schema picks them up.
import './enums.graphql.js';
import './service-requests.graphql.js';
import './kb.graphql.js';
import './incidents.graphql.js';
import './teams.graphql.js';
