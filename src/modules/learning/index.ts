// Learning loop: imports this feature's GraphQL files so the schema picks them up.
import './patterns.graphql.js';
import './problems.graphql.js';
import './anomalies.graphql.js';
