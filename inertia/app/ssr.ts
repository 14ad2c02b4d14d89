import { createInertiaApp } from '@inertiajs/vue3'
import { renderToString } from '@vue/server-renderer'
import { createSSRApp, h, type DefineComponent } from 'vue'
import { pageTitle, withLayout } from '~/app/layouts'

export default function render(page: any) {
  return createInertiaApp({
    page,
    render: renderToString,
    title: (title) => pageTitle(title),
    resolve: (name) => {
      const pages = import.meta.glob<DefineComponent>('../pages/**/*.vue', { eager: true })
      return withLayout(
        name,
        pages[`../pages/${name}.vue`] as unknown as { default: DefineComponent }
      )
    },
    setup({ App, props, plugin }) {
      return createSSRApp({ render: () => h(App, props) }).use(plugin)
    },
  })
}
