import { baseEvent, type BaseEvent, type ContextUser, type OktaSession } from '../core/envelope.js';
import type { SamlAssertion, SamlRequest } from './schema.js';

export interface SamlEvent extends BaseEvent<SamlRequest> {
  /** The assertion Okta is about to sign, rendered as JSON. */
  readonly assertion: SamlAssertion;
  /** The SAML app (`context.protocol.issuer`): `id` is the app instance id. */
  readonly app: NonNullable<SamlRequest['data']['context']['protocol']>['issuer'];
  readonly user: ContextUser | undefined;
  readonly session: OktaSession | undefined;
  /** The values of one attribute statement, or undefined when the assertion has no such attribute. */
  attributeValues(name: string): unknown[] | undefined;
}

export function toSamlEvent(raw: SamlRequest): SamlEvent {
  const { context, assertion } = raw.data;
  return {
    ...baseEvent(raw),
    assertion,
    app: context.protocol?.issuer,
    user: context.user,
    session: context.session,
    attributeValues: (name) => assertion.claims?.[name]?.attributeValues?.map((v) => v.value),
  };
}
