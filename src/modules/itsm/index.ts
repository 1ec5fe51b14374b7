// ITSM core and the auto cycle: imports this feature's GraphQL files so the schema picks them up.
import './enums.graphql.js';
