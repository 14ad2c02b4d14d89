import type { ApiResponse } from '@japa/api-client'
import type { SharedPageProps } from '#config/inertia'

/**
 * The props of an Inertia response (a request sent `.withInertia()`), typed as the page
 * receives them: the page's own props type (the presenter's, e.g. `MemberHomeProps`) plus the
 * shared props. A misspelt prop is then a type error in the test, as it is in the page.
 *
 *   const props = inertiaProps<MemberHomeProps>(response)
 */
export function inertiaProps<Props extends object>(response: ApiResponse): Props & SharedPageProps {
  return response.inertiaProps as unknown as Props & SharedPageProps
}
