// Operator alerts: an action group that e-mails the operators, and log alerts (scheduled query rules)
// over the Application Insights component.
//
// Matching: the app logs with source-generated [LoggerMessage] event ids whose names are stable
// (PoisonMessage, RevocationFailed, SweepGuardTripped). The queries match `customDimensions.EventName`:
// the worker's Application Insights ILogger provider (Microsoft.ApplicationInsights.WorkerService 2.x, the
// line Microsoft.Azure.Functions.Worker.ApplicationInsights 2.x binds to) adds EventId and EventName to a
// trace's properties when the log record's event id carries them. The message text is
// not matched: it is free to change. The poison alert also matches the Functions host's own
// warning ("Message has reached MaxDequeueCount of N. Moving message to queue '<queue>-poison'."), so a
// message moved to a poison queue alerts even if the app never saw it. Function failures come from the
// host's `requests` telemetry (`success == false`).

@description('Name prefix of the alert rules.')
param namePrefix string

@description('Azure region of the scheduled query rules.')
param location string

@description('Tags applied to the resources.')
param tags object

@description('Resource id of the Application Insights component the rules query.')
param applicationInsightsId string

@description('E-mail address that receives the alerts.')
param alertEmail string

@description('Short name of the action group (at most 12 characters), shown in e-mails and SMS.')
@maxLength(12)
param actionGroupShortName string = 'revocation'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: actionGroupShortName
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var rules = [
  {
    name: 'poison-message'
    displayName: 'Revocation pipeline: message moved to a poison queue'
    description: 'A queue message failed maxDequeueCount times and was moved to <queue>-poison. Inspect and replay with `revctl poison list/replay`.'
    severity: 1
    query: 'traces | where tostring(customDimensions.EventName) == "PoisonMessage" or message has "MaxDequeueCount"'
  }
  {
    name: 'revocation-failed'
    displayName: 'Revocation pipeline: revocation failed'
    description: 'A token reached revocation-failed: the provider did not confirm its revocation after the bounded retries.'
    severity: 1
    query: 'traces | where tostring(customDimensions.EventName) == "RevocationFailed"'
  }
  {
    name: 'sweep-guard-tripped'
    displayName: 'Revocation pipeline: sweep guard tripped'
    description: 'A sweep found more due tokens than its guard allows and stopped before revoking them.'
    severity: 1
    query: 'traces | where tostring(customDimensions.EventName) == "SweepGuardTripped"'
  }
  {
    name: 'function-failures'
    displayName: 'Revocation pipeline: function failures'
    description: 'One or more function invocations failed (they are retried by their queue and end in a poison queue if they keep failing).'
    severity: 2
    query: 'requests | where success == false'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      autoMitigate: false
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

@description('Resource id of the action group.')
output actionGroupId string = actionGroup.id
