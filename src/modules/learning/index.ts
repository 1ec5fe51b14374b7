// Learning loop: imports this feature's GraphQL files so the schema picks them up.
import './patterns.graphql.js';
import './problems.graphql.js';
import './anomalies.graphql.js';
import './feedback.graphql.js';
import './thresholds.graphql.js';
import './lessons.graphql.js';
import './stats.graphql.js';
import './quality.graphql.js';
