import { computed } from 'vue'
import { usePage } from '@inertiajs/vue3'
import type { SharedProps } from '~/types/shared'

/** Typed access to the props shared with every page. */
export function useShared() {
  const page = usePage<SharedProps>()
  return {
    viewer: computed(() => page.props.viewer),
    flash: computed(() => page.props.flash ?? { success: null, error: null }),
    errors: computed(() => page.props.errors ?? {}),
    old: computed(() => page.props.old ?? {}),
    csrfToken: computed(() => page.props.csrfToken),
    currentUrl: computed(() => page.url),
  }
}
