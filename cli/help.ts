/** The --help texts; the README's CLI section says the same. */

export const EXIT_CODES = `Exit codes:
  0  passed: nothing failed
  1  findings: at least one error finding (a failing verdict, a controller below the minimum,
     a manifest mistake)
  2  could not check: a cluster, the dashboard, an AWS account or a file could not be read, or
     the command line is wrong; a pass would be a guess (findings are still reported)`;

export const MAIN_HELP = `ack-lambda-fleet: a CI/CD gate for AWS Lambda functions managed by ACK

Usage:
  ack-lambda-fleet check [options]          judge the Functions of live clusters
  ack-lambda-fleet lint <path>... [options] check Function manifests before they are applied
  ack-lambda-fleet export -o FILE [options] the fleet's ACK Lambda manifests as a .tar.gz
  ack-lambda-fleet backup -o FILE [--store]  an online copy of the dashboard's SQLite store
  ack-lambda-fleet <command> --help         the options of a command

Output (check and lint):
  -f, --format text|json|junit   report format (default text)
  -o, --output FILE              write the report there; stdout then gets the text report

${EXIT_CODES}
`;

export const CHECK_HELP = `Usage: ack-lambda-fleet check [options]

Reads every Function of the chosen clusters and namespaces, judges each with the dashboard's
verdict rules, and fails on the verdicts you choose. Clusters come from a kubeconfig (default)
or from a running dashboard (--dashboard).

Where from:
      --kubeconfig PATHS           kubeconfig file(s), ":"-separated (default $KUBECONFIG or ~/.kube/config)
  -c, --context NAME               a kubeconfig context (cluster) to check; repeat or comma-separate (default: all)
  -n, --namespace NS               a namespace to check; repeat or comma-separate (default: all)
      --dashboard URL              read GET URL/api/functions of a running dashboard instead
                                   (bearer token from $ACK_FLEET_DASHBOARD_TOKEN, if set)

What fails:
      --fail-on VERDICTS           comma-separated (default deletion-blocked,stuck,terminal,failed,drift);
                                   verdicts: deletion-blocked, stuck, terminal, failed, drift, degraded,
                                   progressing, unknown
      --min-controller-version V   the ACK Lambda controller of every cluster must be at least V
                                   (e.g. 1.7.4, which fixes the stale-Pending bug)
      --wait DURATION              after a deploy: read again every --interval until every Function is
                                   settled and nothing fails, for at most DURATION (e.g. 5m); Functions
                                   still progressing (or never reconciled) then fail too
      --interval DURATION          time between reads while waiting (default 10s)

Verdict settings (kubeconfig mode; a dashboard uses its own):
      --pending-timeout DURATION   Pending or not synced for longer is stuck (default 10m)
      --deletion-timeout DURATION  deletion blocked after this long (default 5m)

AWS (kubeconfig mode): the live state is read with GetFunction, as the dashboard does
      --aws-endpoint URL           Lambda endpoint override (default $ACK_FLEET_AWS_ENDPOINT, else AWS)
      --aws-credentials-file FILE  per-account credentials, the dashboard's format
                                   (default $ACK_FLEET_AWS_CREDENTIALS_FILE; other accounts use the SDK chain)
      --aws-rps N                  GetFunction requests per second per account and region
                                   (default $ACK_FLEET_AWS_RPS, else 10)
      --no-aws                     judge from Kubernetes alone

  -f, --format text|json|junit     report format (default text)
  -o, --output FILE                write the report there; stdout then gets the text report

${EXIT_CODES}

Examples:
  ack-lambda-fleet check --context prod --min-controller-version 1.7.4
  ack-lambda-fleet check --namespace payments --wait 5m --format junit --output fleet.xml
  ack-lambda-fleet check --dashboard https://fleet.example.com --fail-on deletion-blocked,stuck
`;

export const LINT_HELP = `Usage: ack-lambda-fleet lint <path>... [options]

Checks ACK Lambda manifests (files, folders searched for *.yaml, *.yml and *.json, or "-" for
stdin, e.g. helm template . | ack-lambda-fleet lint -) before they are applied:
  - the CRD schema of lambda-controller v1.14.1: required fields, types, unknown fields;
  - an execution role (spec.role or spec.roleRef, not both), the function name Lambda accepts,
    where the code comes from;
  - a resolvable region (annotation services.k8s.aws/region, the namespace's
    services.k8s.aws/default-region from a Namespace manifest among the files, or --default-region)
    and a well-formed owner account (services.k8s.aws/owner-account-id);
  - annotations the controller takes verbatim: deletion-policy exactly retain or delete,
    adoption-policy adopt or adopt-or-create;
  - the same object or the same AWS function defined twice.
Every message names the file and line.

Options:
      --default-region REGION   the controller's own region (its aws.region), used when a Function
                                and its namespace name none
  -f, --format text|json|junit  report format (default text)
  -o, --output FILE             write the report there; stdout then gets the text report

${EXIT_CODES}
`;

export const EXPORT_HELP = `Usage: ack-lambda-fleet export --output FILE.tar.gz [options]

Writes every object of every ACK Lambda kind the clusters serve (Function, Alias, Version,
EventSourceMapping, FunctionURLConfig, LayerVersion, CodeSigningConfig), read from the API
servers, cleaned for re-apply (no status, uid, resourceVersion, managedFields,
creationTimestamp; annotations kept; the ACK finalizer left to the controller), one YAML file
per object under <cluster>/<namespace>/<plural>/, each namespace as
<cluster>/<namespace>/_namespace.yaml, and export.json with the counts and anything unreadable.
The same archive as the dashboard's GET /api/export/manifests.

      --kubeconfig PATHS     kubeconfig file(s), ":"-separated (default $KUBECONFIG or ~/.kube/config)
  -c, --context NAME         a context (cluster) to export; repeat or comma-separate (default: all)
  -n, --namespace NS         a namespace to export; repeat or comma-separate (default: all)
  -o, --output FILE          where to write the archive (never overwritten)

Restore: tar xzf FILE && kubectl --context <cluster> apply -R -f <cluster>/

Exit codes: 0 written and complete; 2 something could not be read (the archive is written,
export.json names what is missing) or the command line is wrong.
`;

export const BACKUP_HELP = `Usage: ack-lambda-fleet backup --output FILE [--store sqlite:PATH]

Copies the dashboard's SQLite store (timeline and audit log) while the dashboard runs, with
SQLite's online backup API (one consistent state, the write-ahead log included), then checks
the copy with PRAGMA integrity_check. Never overwrites a file.

      --store sqlite:PATH    the store (default $ACK_FLEET_STORE, else sqlite:.data/history.db)
  -o, --output FILE          the copy

Restore: stop the dashboard, put the copy in place of the store file (remove its -wal and -shm
files), start it. Exit codes: 0 written and checked; 2 it could not be.
`;
