/**
 * Where a webhook may be sent (docs/decisions/329-signed-webhooks.md): the server must not become a way into the
 * network it runs in (server-side request forgery). Under the strict rule (AWS, unless WEBHOOK_ALLOW_PRIVATE_TARGETS
 * says otherwise) an endpoint is HTTPS on port 443 and every address its name resolves to is public: never private,
 * loopback, link-local (169.254.0.0/16, the instance metadata address included), unique-local, shared, multicast,
 * documentation or otherwise reserved. Checked when HR registers the URL and again at each delivery after the name
 * is resolved; the delivery then connects to the address that was checked, so a name that resolves elsewhere the
 * second time (DNS rebinding) gains nothing.
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { z } from 'zod';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name -> addresses (node's resolver by default; tests inject one). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, the instance metadata service among them
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48], // local NAT64
  ['2001::', 23], // IETF protocol assignments (Teredo among them)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: an IPv4 address in disguise
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
// Public IPv6 unicast is 2000::/3; everything outside it (loopback, unspecified, IPv4-mapped, unique-local
// fc00::/7, link-local fe80::/10, multicast ff00::/8) is refused by this rule.
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** Whether `address` (an IPv4 or IPv6 literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family === 6) return GLOBAL_UNICAST_V6.check(address, 'ipv6') && !NOT_PUBLIC.check(address, 'ipv6');
  return false;
}

/** The host of a URL as a name or a bare IP literal (URL keeps IPv6 in brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The URL's form rules: under the strict rule HTTPS on 443; never credentials in the URL, never a fragment. */
export function endpointUrlSchema(strict: boolean) {
  return z
    .string({ required_error: 'Enter the endpoint’s URL.' })
    .trim()
    .min(1, 'Enter the endpoint’s URL.')
    .max(2048, 'The URL is too long (2,048 characters at most).')
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Enter a full URL, such as https://hooks.example.com/people.' });
        return;
      }
      const https = url.protocol === 'https:';
      if (!https && !(url.protocol === 'http:' && !strict)) {
        ctx.addIssue({ code: 'custom', message: strict ? 'The URL must start with https://.' : 'Use http or https.' });
      }
      if (url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: 'Leave user names and passwords out of the URL.' });
      }
      if (strict && url.port !== '' && url.port !== '443') {
        ctx.addIssue({
          code: 'custom',
          message: 'Use the standard HTTPS port (443): the servers may connect out on that port only.',
        });
      }
      if (url.hash) ctx.addIssue({ code: 'custom', message: 'Leave the #fragment out of the URL.' });
    });
}

/**
 * The address to connect to for `url`: its name resolved once, and under the strict rule every address checked
 * (a name with any address that is not public is refused whole). Throws TargetRefusedError with a reason HR can
 * read; never returns an unchecked address under the strict rule.
 */
export async function resolveTarget(url: URL, strict: boolean, resolver: Resolver): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = isIP(host);
  if (strict && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new TargetRefusedError(`${host} is this machine, not a public address`);
  }
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolver(host);
    } catch (error) {
      throw new TargetRefusedError(
        `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (addresses.length === 0) throw new TargetRefusedError(`${host} has no address`);
  if (strict) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw new TargetRefusedError(
        literal ? `${host} is not a public address` : `${host} resolves to ${refused.address}, not a public address`,
      );
    }
  }
  return addresses[0];
}
