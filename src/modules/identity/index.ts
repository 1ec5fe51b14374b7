import './identity.graphql.js';
