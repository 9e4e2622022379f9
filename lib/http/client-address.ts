import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";

// Who is on the other end of a request, for rate limits and Secure cookies (decision 060).
// The client is the TCP peer. Only when the peer is one of TRUSTED_PROXIES are its forwarding
// headers believed: the client is then the right-most X-Forwarded-For entry that is not itself a
// trusted proxy (Express's `trust proxy`, via proxy-addr), and the protocol is X-Forwarded-Proto.
// Anything a client writes into those headers itself is ignored. `next start` keeps a
// client-supplied X-Forwarded-For, so App Router code cannot tell the two apart: the routes that
// need this run as Pages Router API routes, which see the socket.

export interface ClientConnection {
  /** Rate-limit key of the client: its IP address, or its /64 network for IPv6. */
  address: string;
  /** The browser's connection is HTTPS: directly (TLS socket) or at a trusted proxy. */
  secure: boolean;
}

type Trust = (address: string, hop: number) => boolean;
const NOTHING_TRUSTED: Trust = () => false;
const compiled = new Map<string, Trust>();

function trustOf(trustedProxies: readonly string[]): Trust {
  if (trustedProxies.length === 0) return NOTHING_TRUSTED;
  const key = trustedProxies.join(",");
  let trust = compiled.get(key);
  if (!trust) {
    trust = proxyAddr.compile([...trustedProxies]);
    compiled.set(key, trust);
  }
  return trust;
}

/**
 * The rate-limit key of an address: IPv4 (also when written IPv4-mapped, ::ffff:1.2.3.4) as is,
 * IPv6 as its /64, since one subscriber is usually given a whole /64 and could rotate within it.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64) || "unknown";
  let parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  if (parsed instanceof ipaddr.IPv4) return parsed.toString();
  return `${parsed.parts.slice(0, 4).map((p) => p.toString(16)).join(":")}::/64`;
}

export function clientConnection(req: IncomingMessage, trustedProxies: readonly string[]): ClientConnection {
  const trust = trustOf(trustedProxies);
  const peer = req.socket.remoteAddress ?? "";
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  // X-Forwarded-Proto is a single value in practice; like Express, the first one if several.
  const forwardedProto = [req.headers["x-forwarded-proto"]].flat()[0]?.split(",")[0]?.trim();
  return {
    address: addressKey(proxyAddr(req, trust)),
    secure: encrypted || (trust(peer, 0) && forwardedProto === "https"),
  };
}
