import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant in time, ISO-8601 in UTC (e.g. 2026-11-22T10:15:00.000Z).',
});
builder.addScalarType('JSON', JSONResolver, { description: 'Arbitrary JSON value.' });
