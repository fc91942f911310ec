/**
 * The allowed directions between trailwatch's layers; docs/ARCHITECTURE.md draws them and says why.
 *
 *   src/cli.ts -> src/app (composition root: every process kind; the only module that knows every adapter)
 *   adapters:  src/slack, jobs, src/service, src/sources; they may use commands (/trail subcommands),
 *              src/block-kit and src/aws (SDK clients, AWS errors, containment calls), never each other
 *   domain:    src/detectors, behaviour, findings, remediation, cloudtrail, intel, notify, config, scan, simulate,
 *              over src/store, src/errors.ts, src/logger.ts; it defines the ports it needs and imports no adapter
 *
 * Redis: the one store; domain modules keep their Redis store beside the port, so they may import ioredis's
 * types; only src/store opens a connection. BullMQ, the AWS SDK, Slack, node-cron and prom-client: adapters only.
 */
const DOMAIN =
  '^src/(detectors|behaviour|findings|remediation|cloudtrail|intel|notify|config|scan|simulate|store)/';
const ADAPTERS = '^(commands|jobs)/|^src/(slack|service|aws|sources|block-kit|app)/|^src/cli[.]ts$';
const ADAPTER_PACKAGES = 'node_modules/(@aws-sdk/|@slack/|bullmq/|node-cron/|prom-client/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle: one of the modules should take the other as a port instead (docs/ARCHITECTURE.md).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-no-adapter',
      severity: 'error',
      comment:
        'A domain module imports an adapter: define the port in the domain module and plug the adapter in at src/app.',
      from: { path: DOMAIN },
      to: { path: ADAPTERS },
    },
    {
      name: 'domain-imports-no-adapter-package',
      severity: 'error',
      comment:
        'A domain module imports the AWS SDK, Slack, BullMQ, node-cron or prom-client: that belongs in an adapter.',
      from: { path: DOMAIN },
      to: { path: ADAPTER_PACKAGES },
    },
    {
      name: 'redis-connections-only-in-store',
      severity: 'error',
      comment:
        'Only src/store opens Redis connections; elsewhere take a connection (import ioredis types only).',
      from: { pathNot: '^src/store/|^src/app/|^test/' },
      to: { path: 'node_modules/ioredis/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-composition-root',
      severity: 'error',
      comment: 'src/app assembles the processes; only the CLI entry point (src/cli.ts) calls it.',
      from: { pathNot: '^src/app/|^src/cli[.]ts$|^test/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'adapters-do-not-wire-each-other',
      severity: 'error',
      comment:
        'An adapter imports another adapter that is not one of its parts: let src/app connect them through a domain port.',
      from: { path: '^(commands|jobs|src/slack|src/service|src/aws|src/sources|src/block-kit)/' },
      to: {
        path: ADAPTERS,
        pathNot: [
          // Within one adapter.
          '^$1/',
          // Bolt listeners route /trail to its subcommands; both render with the Block Kit builders.
          // src/aws is the AWS layer the others call: SDK clients, error classification, containment calls.
          '^(commands|src/block-kit|src/aws)/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
