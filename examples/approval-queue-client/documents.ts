// The example's operations, typed by GraphQL Codegen (`npm run codegen` writes ./generated/ and
// adds them to the trusted-documents manifest, so they also run under TRUSTED_DOCUMENTS=require).
import { graphql } from './generated/index.js';

export const PendingApprovals = graphql(`
  query ExamplePendingApprovals {
    autoQueue(status: PENDING_APPROVAL, first: 20) {
      totalCount
      edges {
        node {
          id
          actionType
          target
          environment
          riskLevel
          requestedBy
          expiresAt
        }
      }
    }
  }
`);

export const ApproveAction = graphql(`
  mutation ExampleApproveAction($id: ID!, $comment: String) {
    approveAction(id: $id, comment: $comment) {
      id
      status
      approvedBy
      comment
    }
  }
`);

export const QueueChanges = graphql(`
  subscription ExampleQueueChanges {
    approvalQueue {
      kind
      action {
        id
        status
      }
    }
  }
`);
