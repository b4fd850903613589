import type { OptionSpec } from './option-types.js';
import type { OPTION_SCHEMA } from './options.js';

type Schema = typeof OPTION_SCHEMA;
type SectionValues<S> = { readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

/** The whole typed configuration of one process; passed explicitly, never a global. */
export type OctaviaConfig = { readonly [S in keyof Schema]: SectionValues<Schema[S]> } & {
  /** Where each value came from, and what the files held that no option matches. */
  readonly meta: ConfigMeta;
};

export interface ConfigMeta {
  readonly files: readonly string[];
  readonly unknown: readonly string[];
}
