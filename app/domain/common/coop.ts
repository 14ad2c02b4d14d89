/** The co-operative's own contact details, as its FAQ gives them. */
export const COOP = {
  name: '福井県学校生活協同組合',
  shortName: '学生協',
  portalName: '学校生協 マイページ',
  phone: '0776-23-1889',
  fax: '0120-291-660',
  mailDomain: 'kmypage.jp',
} as const
