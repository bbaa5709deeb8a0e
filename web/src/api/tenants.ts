import type { PageQuery, Tenant, TenantCreate } from '@eldercare/shared'
import type { Page } from './page'
import { get, post } from './request'

export function listTenants(query: PageQuery): Promise<Page<Tenant>> {
  return get<Page<Tenant>>('/tenants', query)
}

/** Creates the district and its first bureau admin, who must change the password at first sign-in. */
export function createTenant(body: TenantCreate): Promise<Tenant> {
  return post<Tenant>('/tenants', body)
}
