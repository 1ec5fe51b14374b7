// Lints the committed schema.graphql (the printed Pothos schema) with @graphql-eslint's
// schema-recommended and relay rules: `npm run lint:schema` (CI runs it). Rules changed from the
// presets are listed with their reason.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Stricter than the preset: every field, argument, input field and enum value is described too.
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, DirectiveDefinition: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true },
      ],
      // Value objects (results, counts, events, log entries) are read inside their parent and never
      // refetched or cached on their own, so they carry no id; every entity type has one (a Node).
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            types: [
              'ActionApproval', 'ApprovalQueueEvent', 'AuditEntry', 'AuditIntegrity', 'AutoStatus', 'AutoStatusToday', 'CauseEvidence', 'CauseLabel',
              'CauseRankingQuality', 'CycleStep', 'DecideActionError', 'ImpactAnalysis', 'ImpactExample', 'NotificationStats', 'PageInfo', 'ProbableCause',
              'RecordedCause', 'RecurrenceResult', 'RecurrenceReview', 'RiskAssessment', 'RiskBacktestChange', 'RiskFactor', 'RiskPolicyBacktest',
            ],
            suffixes: ['Connection', 'Edge', 'Quality', 'Result', 'Stats'],
          },
        },
      ],
      // Bounded lists (tags, risk factors, an action's audit trail, at most 100 items) stay plain
      // lists; every list that grows is a connection, whose edges must hold Nodes.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: true, withEdgeSuffix: true }],
      // Off: username, patternKey and lessonId are the domain's own names (DESIGN.md), which clients already use.
      '@graphql-eslint/no-typename-prefix': 'off',
    },
  },
];
