// Autonomous operations: imports this feature's GraphQL files so the schema picks them up.
