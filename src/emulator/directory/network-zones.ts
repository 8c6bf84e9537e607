/**
 * Network zones (`/api/v1/zones`): IP zones (gateway and proxy addresses as CIDR blocks or ranges)
 * and dynamic zones (countries and regions, ASNs, proxy types). An org starts with Okta's two
 * system IP zones, LegacyIpZone and BlockedIpZone, which cannot be deleted.
 */
import { isIP } from 'node:net';
import { audit } from '../audit.js';
import type { EmulatorDeps, RouteDef } from '../context.js';
import { OktaApiError } from '../errors.js';
import { isObject, link } from '../http.js';
import { randomBase62 } from '../ids.js';
import type { JsonObject } from '../store/types.js';
import { ValidationIssues } from '../validation.js';
import { lifecycleResourceRoutes, type LifecycleDoc, type LifecycleResource } from './lifecycle-resource.js';

interface Address {
  type: 'CIDR' | 'RANGE';
  value: string;
}

export interface NetworkZoneDoc extends LifecycleDoc {
  type: 'IP' | 'DYNAMIC';
  name: string;
  usage: 'POLICY' | 'BLOCKLIST';
  system: boolean;
  gateways?: Address[] | null;
  proxies?: Address[] | null;
  locations?: { country: string; region: string | null }[] | null;
  asns?: string[] | null;
  proxyType?: string | null;
}

const PROXY_TYPES = [null, 'Any', 'Tor', 'NotTorAnonymizer'];

function addressOk(address: Address): boolean {
  if (address.type === 'CIDR') {
    const [ip, bits, extra] = address.value.split('/');
    const version = isIP(ip ?? '');
    const max = version === 4 ? 32 : 128;
    return version !== 0 && extra === undefined && bits !== undefined && /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  }
  const [from, to, extra] = address.value.split('-');
  return extra === undefined && isIP(from ?? '') !== 0 && isIP(from ?? '') === isIP(to ?? '');
}

function readAddresses(value: unknown, field: string, issues: ValidationIssues): Address[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    issues.add(field, 'must be a list of addresses');
    return null;
  }
  const addresses: Address[] = [];
  for (const item of value) {
    const address = isObject(item) && (item.type === 'CIDR' || item.type === 'RANGE') && typeof item.value === 'string' ? (item as unknown as Address) : undefined;
    if (!address || !addressOk(address)) issues.add(field, `Invalid address ${JSON.stringify(isObject(item) ? item.value : item)}: use CIDR (10.0.0.0/8) or RANGE (10.0.0.1-10.0.0.9)`);
    else addresses.push({ type: address.type, value: address.value });
  }
  return addresses;
}

function systemZone(name: string, usage: NetworkZoneDoc['usage'], now: string): NetworkZoneDoc {
  return { id: `nzo${randomBase62(17)}`, type: 'IP', name, status: 'ACTIVE', usage, system: true, created: now, lastUpdated: now, gateways: null, proxies: null };
}

const networkZones: LifecycleResource<NetworkZoneDoc> = {
  path: '/api/v1/zones',
  idParam: 'zoneId',
  kind: 'Zone',
  readScope: 'okta.networkZones.read',
  manageScope: 'okta.networkZones.manage',
  table: 'directory_network_zones',
  filterable: ['id', 'usage', 'name', 'type', 'status'],
  newId: () => `nzo${randomBase62(17)}`,
  defaults: (now) => [systemZone('LegacyIpZone', 'POLICY', now), systemZone('BlockedIpZone', 'BLOCKLIST', now)],
  read(_deps, body, current) {
    const issues = new ValidationIssues();
    issues.requireString(body.name, 'name');
    const type = body.type ?? current?.type;
    if (type !== 'IP' && type !== 'DYNAMIC') issues.add('type', "must be 'IP' or 'DYNAMIC' (the emulator does not model DYNAMIC_V2 zones)");
    if (current && type !== current.type) issues.add('type', 'The type of a zone cannot change');
    const usage = body.usage ?? current?.usage ?? 'POLICY';
    if (usage !== 'POLICY' && usage !== 'BLOCKLIST') issues.add('usage', "must be 'POLICY' or 'BLOCKLIST'");
    const zone: Omit<NetworkZoneDoc, keyof LifecycleDoc> = { type: type as NetworkZoneDoc['type'], name: String(body.name ?? ''), usage: usage as NetworkZoneDoc['usage'], system: current?.system ?? false };
    if (type === 'IP') {
      zone.gateways = readAddresses(body.gateways, 'gateways', issues);
      zone.proxies = readAddresses(body.proxies, 'proxies', issues);
    } else {
      const locations = Array.isArray(body.locations) ? body.locations : body.locations == null ? [] : undefined;
      if (!locations) issues.add('locations', 'must be a list of locations');
      zone.locations = [];
      for (const location of locations ?? []) {
        const country = isObject(location) ? location.country : undefined;
        const region = isObject(location) ? (location.region ?? null) : null;
        if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) issues.add('locations', 'Each location needs a two-letter ISO 3166-1 country code');
        else if (region !== null && (typeof region !== 'string' || !region.startsWith(`${country}-`))) issues.add('locations', `Region ${String(region)} is not an ISO 3166-2 region of ${country}`);
        else zone.locations.push({ country, region: region as string | null });
      }
      const asns = Array.isArray(body.asns) ? body.asns : body.asns == null ? [] : undefined;
      if (!asns || !asns.every((asn) => typeof asn === 'string' && /^\d{1,10}$/.test(asn))) issues.add('asns', 'must be a list of AS numbers as strings');
      zone.asns = (asns ?? []) as string[];
      const proxyType = body.proxyType ?? null;
      if (!PROXY_TYPES.includes(proxyType as string | null)) issues.add('proxyType', 'must be null, Any, Tor or NotTorAnonymizer');
      zone.proxyType = proxyType as string | null;
    }
    issues.throwIfAny();
    return zone;
  },
  render(doc, base) {
    const self = `${base}/api/v1/zones/${doc.id}`;
    const toggle = doc.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return { ...doc, _links: { self: { ...link(self), hints: { allow: ['GET', 'PUT', 'DELETE'] } }, [toggle]: link(`${self}/lifecycle/${toggle}`, 'POST') } } as JsonObject;
  },
  assertDeletable(doc) {
    if (doc.system) throw new OktaApiError('E0000006', '', ['A system network zone cannot be deleted']);
    if (doc.status === 'ACTIVE') throw new OktaApiError('E0000001', 'status', ['status: Deactivate the network zone before deleting it']);
  },
  audit(c, deps, action, doc) {
    audit(c, deps, { eventType: `zone.${action}`, displayMessage: `Network zone ${action}`, target: [{ id: doc.id, type: 'Zone', alternateId: doc.name, displayName: doc.name, detailEntry: null }] });
  },
};

export function networkZoneRoutes(deps: EmulatorDeps): RouteDef[] {
  return lifecycleResourceRoutes(deps, networkZones);
}
