// The architecture as rules (npm run lint:architecture, run in CI): no import circles; the
// infrastructure never reaches up into GraphQL, the features or the assembly; features import only
// downward in the order language, identity < itsm < learning < approvals < changes < cycle.
const FEATURE_ORDER = ['language', 'identity', 'itsm', 'learning', 'approvals', 'changes', 'cycle'];

const featureRules = FEATURE_ORDER.map((feature, index) => ({
  name: `feature-order-${feature}`,
  comment: `${feature} may import only features below it (${FEATURE_ORDER.slice(0, index).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^src/modules/${feature}/` },
  to: { path: `^src/modules/(${FEATURE_ORDER.slice(index + 1).join('|') || 'none-above'})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import circles make a change ripple both ways', from: {}, to: { circular: true } },
    {
      name: 'config-is-the-bottom',
      severity: 'error',
      comment: 'the validated configuration depends on nothing of ours',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/', pathNot: '^src/config\\.ts$' },
    },
    {
      name: 'infrastructure-stays-below',
      severity: 'error',
      comment: 'db, events, auth, logger, observability and the job runner never import GraphQL, features, HTTP routes, the runtime or the assembly',
      from: { path: '^src/(db|events|auth|observability|logger\\.ts|errors\\.ts|validation\\.ts|jobs/runner\\.ts)' },
      to: { path: '^src/(graphql|modules|http|server\\.ts|schema\\.ts|main\\.ts|runtime\\.ts)' },
    },
    {
      name: 'graphql-below-features',
      severity: 'error',
      comment: 'the builder, context, errors, limits and transports know no feature (the assembly hands them the schema)',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(modules|server\\.ts|schema\\.ts|main\\.ts)' },
    },
    {
      name: 'features-below-assembly',
      severity: 'error',
      comment: 'features never import the assembly or the transports',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server\\.ts|schema\\.ts|main\\.ts|graphql/(yoga|ws|observe)\\.ts|http/(node-server|health|metrics|graphiql|dashboard)\\.ts)' },
    },
    ...featureRules,
    {
      name: 'no-orphans',
      severity: 'warn',
      from: { orphan: true, path: '^src/', pathNot: ['\\.d\\.ts$', '^src/generated/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
