import type { OpName, OutputOf, ParsedInputOf } from '../../shared/api/index';
import type { CoreContext } from './context';

/** A service function for one operation: the context first, then the parsed input. */
export type Handler<N extends OpName> = (ctx: CoreContext, input: ParsedInputOf<N>) => OutputOf<N> | Promise<OutputOf<N>>;

/** The handlers of a feature, keyed by the names its ops declare. */
export type HandlersFor<Ops> = { [N in keyof Ops & OpName]: Handler<N> };
