// The auto-processing cycle: imports this module's GraphQL files so the schema picks them up.
import './cycle.graphql.js';
