import { Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { API_PREFIX, IS_PUBLIC, UNPREFIXED_ROUTES } from '@app/core';
import { ACCESS_POLICY, type AccessPolicy } from '@app/core/security';

export interface RouteInfo {
  method: string;
  /** Full path in Fastify's form, e.g. `/api/v1/partnerships/:partnershipId/members`. */
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  policy?: AccessPolicy;
  partnershipScoped: boolean;
}

const UNPREFIXED = new Set(UNPREFIXED_ROUTES);

const join = (...parts: string[]) =>
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/**
 * The application's routes with the access each declares, read from Nest's
 * metadata. At start-up every route must declare `@Allow(...)` or
 * `@Public()`, or the API refuses to start; the e2e authorization matrix is
 * generated from this table.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteInfo[] {
    const out: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '/');
      for (const name of this.scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const cp of controllerPaths) {
          for (const mp of ([] as string[]).concat(methodPath)) {
            const local = join(cp, mp);
            const path = `/${UNPREFIXED.has(local) ? local : join(API_PREFIX, local)}`;
            out.push({
              method,
              path,
              controller: type.name,
              handler: name,
              isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler as never, type]) === true,
              policy: this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [handler as never, type]),
              partnershipScoped: path.includes(':partnershipId'),
            });
          }
        }
      }
    }
    return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }

  onApplicationBootstrap(): void {
    const undeclared = this.routes().filter((r) => !r.isPublic && !r.policy);
    if (undeclared.length) {
      throw new Error(
        `Every route declares @Allow(...) or @Public(); these do not: ${undeclared.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ')}`,
      );
    }
  }
}
