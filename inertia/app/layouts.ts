import type { DefineComponent } from 'vue'
import PublicLayout from '~/layouts/PublicLayout.vue'
import MemberLayout from '~/layouts/MemberLayout.vue'
import StaffLayout from '~/layouts/StaffLayout.vue'

/** Each area has its own layout, chosen by the page's folder. */
export function layoutFor(name: string) {
  if (name.startsWith('member/')) return MemberLayout
  if (name.startsWith('staff/')) return StaffLayout
  return PublicLayout
}

export function withLayout(name: string, page: unknown): DefineComponent {
  const component = (page as { default: DefineComponent }).default
  component.layout = component.layout || layoutFor(name)
  return component
}

export const APP_NAME = '学校生協 マイページ'

export function pageTitle(title: string) {
  return title ? `${title} | ${APP_NAME}` : APP_NAME
}
