// Change analysis (probable causes, impact analysis): imports this feature's GraphQL files (schema
// assembly). Nothing else happens on import: its reaction is registered by the server's assembly.
import './causes.graphql.js';
import './impact.graphql.js';
