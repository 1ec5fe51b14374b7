import { builder } from './builder.js';

builder.queryType({ description: 'Reads. Every field names the permission it needs.' });
builder.mutationType({ description: 'Writes. Every field names the permission it needs.' });
builder.subscriptionType({ description: 'Live events over graphql-ws (same URL as HTTP).' });
