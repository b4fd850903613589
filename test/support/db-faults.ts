// Database failures on demand: a Kysely plugin (db.withPlugin(faults)) that makes chosen queries fail before they
// reach the database, as a dropped connection would. The code under test runs unchanged on the real database.
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

type Match = (node: RootOperationNode) => boolean;

export class QueryFaults implements KyselyPlugin {
  private rules: { match: Match; remaining: number }[] = [];
  /** how many queries were made to fail so far */
  injected = 0;

  /** the next `times` queries that `match` fail */
  failNext(match: Match, times = 1): void {
    this.rules.push({ match, remaining: times });
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const rule = this.rules.find((r) => r.remaining > 0 && r.match(args.node));
    if (rule) {
      rule.remaining--;
      this.injected++;
      throw new Error('injected database failure: connection lost');
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const nameOf = (node: OperationNode | undefined): string | undefined => {
  const n = node as { kind?: string; table?: { identifier?: { name?: string } }; column?: { name?: string } } | undefined;
  if (n?.kind === 'TableNode') return n.table?.identifier?.name;
  if (n?.kind === 'ColumnNode') return n.column?.name;
  return undefined;
};

/** The jobboard's update recording a job's outcome (the only job update that sets "error"), for `state`. */
export function jobFinish(state: 'DONE' | 'FAILED'): Match {
  return (node) => {
    if (node.kind !== 'UpdateQueryNode' || nameOf(node.table) !== 'job') return false;
    const updates = new Map((node.updates ?? []).map((u) => [nameOf(u.column), u.value as { kind: string; value?: unknown }]));
    return updates.has('error') && updates.get('state')?.value === state;
  };
}
