import { defineConfig } from '@adonisjs/inertia'
import type { InferSharedProps } from '@adonisjs/inertia/types'
import { viewerOf } from '#presenters/common/viewer'

const inertiaConfig = defineConfig({
  rootView: 'inertia_layout',

  /**
   * Shared with every page: who is looking (member or staff, never both
   * formatted by the same presenter), one-off messages, and the last form input
   * so a form re-rendered after an error (with or without JavaScript) loses nothing.
   */
  sharedData: {
    viewer: (ctx) => viewerOf(ctx),
    flash: (ctx) => ({
      success: (ctx.session?.flashMessages.get('success') as string | undefined) ?? null,
      error: (ctx.session?.flashMessages.get('error') as string | undefined) ?? null,
    }),
    // Only `old` (bounded, app/domain/common/flashed_input.ts); AdonisJS's flashed `input` is dropped.
    old: (ctx) => (ctx.session?.flashMessages.get('old') as Record<string, string>) ?? {},
    csrfToken: (ctx) => ctx.request.csrfToken,
  },

  ssr: {
    enabled: true,
    entrypoint: 'inertia/app/ssr.ts',
  },
})

export default inertiaConfig

/**
 * The props every page receives, typed once: `sharedData` above, plus the validation `errors`
 * the Inertia middleware shares from the session. Pages read them through
 * inertia/composables/use_shared.ts, tests through tests/helpers/inertia.ts.
 */
export type SharedPageProps = InferSharedProps<typeof inertiaConfig> & {
  errors: Record<string, string>
}

declare module '@adonisjs/inertia/types' {
  export interface SharedProps extends SharedPageProps {}
}
