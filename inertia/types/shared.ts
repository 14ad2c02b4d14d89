/**
 * Props every page receives: typed once, from config/inertia.ts (sharedData and the
 * middleware's validation errors). The index signature lets `usePage` accept it.
 */
import type { SharedPageProps } from '#config/inertia'
// What sharedData reads from the HttpContext (session, CSRF token, auth guards): the same
// augmentations the server program has, so this program infers the same types.
import type {} from '@adonisjs/session/session_middleware'
import type {} from '@adonisjs/shield/shield_middleware'
import type {} from '@adonisjs/auth/initialize_auth_middleware'
import type {} from '#config/auth'

export type SharedProps = SharedPageProps & { [key: string]: unknown }
