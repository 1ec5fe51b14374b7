import { GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { MAX_INPUT_DEPTH, scanInput } from '../validation.js';
import { builder } from './builder.js';

/** JSON input nested deeper than MAX_INPUT_DEPTH is refused (the message lands in BAD_USER_INPUT). */
function shallow<T>(value: T): T {
  if (scanInput(value, 'value')) throw new TypeError(`JSON input must not nest deeper than ${MAX_INPUT_DEPTH} levels`);
  return value;
}

const BoundedJSON = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseValue: (value) => shallow(JSONResolver.parseValue(value)),
  parseLiteral: (node: ValueNode, variables) => shallow(JSONResolver.parseLiteral(node, variables)),
});

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant in time, ISO-8601 in UTC (e.g. 2026-11-22T10:15:00.000Z).',
});
builder.addScalarType('JSON', BoundedJSON, { description: 'Arbitrary JSON value.' });
