/*
| Member area: everything behind the member guard.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HomeController = () => import('#controllers/member/home_controller')
const SessionController = () => import('#controllers/member/session_controller')
const MenuController = () => import('#controllers/member/menu_controller')

router
  .group(() => {
    router.get('/mypage', [HomeController, 'show']).as('member.home')
    router.get('/mypage/menu', [MenuController, 'show']).as('member.menu')
    router.post('/logout', [SessionController, 'destroy']).as('member.logout')
  })
  .use(middleware.memberArea())

/*
| Reading pages (issue 3): 請求明細, 出資状況・出資報告, デジタル組合員証.
*/
const StatementsController = () => import('#controllers/member/statements_controller')
const ContributionsController = () => import('#controllers/member/contributions_controller')
const MembershipCardController = () => import('#controllers/member/membership_card_controller')
const YearlyUsageController = () => import('#controllers/member/yearly_usage_controller')

router
  .group(() => {
    router.get('/mypage/statements', [StatementsController, 'index']).as('member.statements.index')
    router
      .get('/mypage/statements/:month', [StatementsController, 'show'])
      .as('member.statements.show')
    router
      .get('/mypage/statements/:month/csv', [StatementsController, 'csv'])
      .as('member.statements.csv')
    router
      .get('/mypage/statements/:month/pdf', [StatementsController, 'pdf'])
      .as('member.statements.pdf')

    router
      .get('/mypage/yearly-usage', [YearlyUsageController, 'index'])
      .as('member.yearly_usage.index')
    router
      .get('/mypage/yearly-usage/:basis/:year', [YearlyUsageController, 'show'])
      .as('member.yearly_usage.show')
    router
      .get('/mypage/yearly-usage/:basis/:year/csv', [YearlyUsageController, 'csv'])
      .as('member.yearly_usage.csv')
    router
      .get('/mypage/yearly-usage/:basis/:year/pdf', [YearlyUsageController, 'pdf'])
      .as('member.yearly_usage.pdf')

    router
      .get('/mypage/contributions', [ContributionsController, 'index'])
      .as('member.contributions.index')
    router
      .get('/mypage/contributions/reports/:fiscalYear', [ContributionsController, 'report'])
      .as('member.contributions.report')
    router
      .get('/mypage/contributions/reports/:fiscalYear/pdf', [ContributionsController, 'reportPdf'])
      .as('member.contributions.report_pdf')

    router.get('/mypage/card', [MembershipCardController, 'show']).as('member.card.show')
    router.get('/mypage/card/qr', [MembershipCardController, 'qr']).as('member.card.qr')
  })
  .use(middleware.memberArea())

/*
| Workflows: 個人情報変更, 所属変更申請, 連絡・お問い合わせ.
*/
const ProfileController = () => import('#controllers/member/profile_controller')
const AffiliationRequestsController = () =>
  import('#controllers/member/affiliation_requests_controller')
const InquiriesController = () => import('#controllers/member/inquiries_controller')
const AddressLookupController = () => import('#controllers/member/address_lookup_controller')

router
  .group(() => {
    router.get('/mypage/profile', [ProfileController, 'show']).as('member.profile.show')
    // 住所を検索 (nothing is saved, so no password re-entry): the script's JSON and the no-JS form.
    router
      .get('/mypage/address-lookup', [AddressLookupController, 'show'])
      .as('member.address_lookup')
    router
      .post('/mypage/profile/address/lookup', [ProfileController, 'lookupAddress'])
      .as('member.profile.address_lookup')
    router
      .get('/mypage/affiliation-requests', [AffiliationRequestsController, 'index'])
      .as('member.affiliation_requests.index')
    router
      .post('/mypage/affiliation-requests', [AffiliationRequestsController, 'store'])
      .as('member.affiliation_requests.store')
    router.get('/mypage/inquiries', [InquiriesController, 'index']).as('member.inquiries.index')
    router.get('/mypage/inquiries/new', [InquiriesController, 'create']).as('member.inquiries.new')
    router.post('/mypage/inquiries', [InquiriesController, 'store']).as('member.inquiries.store')
    router
      .get('/mypage/inquiries/:id', [InquiriesController, 'show'])
      .where('id', router.matchers.number())
      .as('member.inquiries.show')
    router
      .post('/mypage/inquiries/:id/messages', [InquiriesController, 'storeMessage'])
      .where('id', router.matchers.number())
      .as('member.inquiries.messages.store')
  })
  .use(middleware.memberArea())

// Changing personal details asks for the password again when the log-in is older than 15 minutes.
router
  .group(() => {
    router.post('/mypage/profile/name', [ProfileController, 'updateName']).as('member.profile.name')
    router
      .post('/mypage/profile/address', [ProfileController, 'updateAddress'])
      .as('member.profile.address')
    router
      .post('/mypage/profile/phone', [ProfileController, 'updatePhone'])
      .as('member.profile.phone')
  })
  .use([middleware.memberArea(), middleware.recentPassword()])

/*
| Credentials (issue 3): password re-entry, password and e-mail change, account security.
*/
const PasswordConfirmationController = () =>
  import('#controllers/member/password_confirmation_controller')
const CredentialsController = () => import('#controllers/member/credentials_controller')
const SecurityController = () => import('#controllers/member/security_controller')
const PasskeysController = () => import('#controllers/member/passkeys_controller')
const NotificationSettingsController = () =>
  import('#controllers/member/notification_settings_controller')

router
  .group(() => {
    router
      .get('/mypage/confirm-password', [PasswordConfirmationController, 'show'])
      .as('member.confirm_password.show')
    router
      .post('/mypage/confirm-password', [PasswordConfirmationController, 'store'])
      .as('member.confirm_password.store')
    router.get('/mypage/security', [SecurityController, 'show']).as('member.security')
    router
      .get('/mypage/notifications', [NotificationSettingsController, 'edit'])
      .as('member.notifications.edit')
    router
      .post('/mypage/notifications', [NotificationSettingsController, 'update'])
      .as('member.notifications.update')
    router
      .post('/mypage/security/sign-out-others', [SecurityController, 'signOutOthers'])
      .as('member.security.sign_out_others')
    router
      .post('/mypage/security/passkeys/:id/rename', [PasskeysController, 'rename'])
      .where('id', router.matchers.number())
      .as('member.passkeys.rename')
  })
  .use(middleware.memberArea())

/*
| Passkeys (issue 12): adding and removing one needs a recently entered password.
*/
router
  .group(() => {
    router
      .get('/mypage/security/passkeys/new', [PasskeysController, 'create'])
      .as('member.passkeys.create')
    router
      .post('/mypage/security/passkeys/options', [PasskeysController, 'options'])
      .as('member.passkeys.options')
    router
      .post('/mypage/security/passkeys', [PasskeysController, 'store'])
      .as('member.passkeys.store')
    router
      .post('/mypage/security/passkeys/:id/remove', [PasskeysController, 'destroy'])
      .where('id', router.matchers.number())
      .as('member.passkeys.remove')
  })
  .use([middleware.memberArea(), middleware.recentPassword()])

router
  .group(() => {
    router
      .get('/mypage/password', [CredentialsController, 'editPassword'])
      .as('member.password.edit')
    router
      .post('/mypage/password', [CredentialsController, 'updatePassword'])
      .as('member.password.update')
    router.get('/mypage/email', [CredentialsController, 'editEmail']).as('member.email.edit')
    router.post('/mypage/email', [CredentialsController, 'updateEmail']).as('member.email.update')
  })
  .use([middleware.memberArea(), middleware.recentPassword()])
