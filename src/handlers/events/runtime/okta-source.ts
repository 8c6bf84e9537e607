import type { OktaClient } from '../../../sdk/client.js';
import { oktaResolver, type OktaClientOption } from '../../../runtime/okta.js';

/**
 * `ctx.okta` for event handlers: the client is built at most once, on the first event that has a
 * handler, and a failure to build it surfaces only in handlers that touch `ctx.okta`.
 */
export class LazyOkta {
  readonly #resolve: () => Promise<OktaClient | Error>;
  #result: OktaClient | Error | undefined;

  constructor(option: OktaClientOption | undefined) {
    this.#resolve = oktaResolver(option);
  }

  async prepare(): Promise<void> {
    if (this.#result === undefined || this.#result instanceof Error) this.#result = await this.#resolve();
  }

  get(): OktaClient {
    const result = this.#result;
    if (result === undefined) throw new Error('LazyOkta.get() called before prepare()');
    if (result instanceof Error) throw result;
    return result;
  }
}
