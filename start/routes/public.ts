/*
| Public area: log-in, explanations, health check. Registration and password
| reset join here (see issue "Member portal").
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const LoginController = () => import('#controllers/public/login_controller')
const PasskeyLoginController = () => import('#controllers/public/passkey_login_controller')
const PagesController = () => import('#controllers/public/pages_controller')
const HealthController = () => import('#controllers/public/health_controller')

router.get('/health', [HealthController, 'show']).as('public.health')

router.get('/', ({ response }) => response.redirect().toRoute('member.home')).as('public.root')

router
  .group(() => {
    router.get('/login', [LoginController, 'show']).as('public.login.show')
    router.post('/login', [LoginController, 'store']).as('public.login.store')
    router
      .post('/login/passkey/options', [PasskeyLoginController, 'options'])
      .as('public.login.passkey.options')
    router
      .post('/login/passkey', [PasskeyLoginController, 'store'])
      .as('public.login.passkey.store')
  })
  .use(middleware.guest({ area: 'member' }))

router
  .group(() => {
    router.get('/faq', [PagesController, 'faq']).as('public.faq')
    router.get('/forgot-email', [PagesController, 'forgotEmail']).as('public.forgot_email')
  })
  .use(middleware.silentAuth())

/*
| Public information pages (issue 3): recommended environment, privacy,
| joining/withdrawing on paper with the blank forms.
*/
const InformationController = () => import('#controllers/public/information_controller')

router
  .group(() => {
    router.get('/environment', [InformationController, 'environment']).as('public.environment')
    router.get('/privacy', [InformationController, 'privacy']).as('public.privacy')
    router.get('/joining', [InformationController, 'joining']).as('public.joining')
    router.get('/joining/forms/:file', [InformationController, 'form']).as('public.joining.form')
  })
  .use(middleware.silentAuth())

/*
| Credentials (issue 3): log-in registration, password reset, mailed links.
*/
const RegistrationController = () => import('#controllers/public/registration_controller')
const PasswordResetController = () => import('#controllers/public/password_reset_controller')
const LoginCodeController = () => import('#controllers/public/login_code_controller')
const EmailConfirmationController = () =>
  import('#controllers/public/email_confirmation_controller')

router
  .group(() => {
    router.get('/register', [RegistrationController, 'show']).as('public.register.show')
    router.post('/register', [RegistrationController, 'verify']).as('public.register.verify')
    router
      .get('/register/account', [RegistrationController, 'account'])
      .as('public.register.account')
    router
      .post('/register/account', [RegistrationController, 'storeAccount'])
      .as('public.register.store_account')
    router.get('/login/code', [LoginCodeController, 'show']).as('public.login.code')
    router.post('/login/code', [LoginCodeController, 'store']).as('public.login.code.store')
    router
      .post('/login/code/resend', [LoginCodeController, 'resend'])
      .as('public.login.code.resend')
    router.get('/password/forgot', [PasswordResetController, 'show']).as('public.password.forgot')
    router
      .post('/password/forgot', [PasswordResetController, 'request'])
      .as('public.password.request')
  })
  .use(middleware.guest({ area: 'member' }))

router
  .group(() => {
    router.get('/register/sent', [RegistrationController, 'sent']).as('public.register.sent')
    router.get('/register/help', [RegistrationController, 'help']).as('public.register.help')
    router
      .get('/register/confirm/:token', [RegistrationController, 'confirm'])
      .as('public.register.confirm')
    router.get('/password/sent', [PasswordResetController, 'sent']).as('public.password.sent')
    router
      .get('/password/reset/:token', [PasswordResetController, 'edit'])
      .as('public.password.edit')
    router
      .post('/password/reset/:token', [PasswordResetController, 'update'])
      .as('public.password.update')
    router
      .get('/email/confirm/:token', [EmailConfirmationController, 'show'])
      .as('public.email.confirm')
  })
  .use(middleware.silentAuth())

/*
| One-click unsubscribe of notification mails (メール通知の設定): a signed link, no log-in.
| GET shows a confirmation; POST (the button, or a mail client's RFC 8058 one-click
| request) stops the notification. CSRF: exempt for this pattern only (config/shield.ts).
*/
const NotificationUnsubscribeController = () =>
  import('#controllers/public/notification_unsubscribe_controller')

router
  .group(() => {
    router
      .get('/notifications/unsubscribe/:memberId/:topic', [
        NotificationUnsubscribeController,
        'show',
      ])
      .as('public.notifications.unsubscribe')
    router
      .post('/notifications/unsubscribe/:memberId/:topic', [
        NotificationUnsubscribeController,
        'store',
      ])
      .as('public.notifications.unsubscribe.confirm')
  })
  .use(middleware.silentAuth())

/*
| Card check (組合員証の確認, issue 12): the digital card's QR code opens this page, with no
| log-in; it says whether the card is valid now. Rate-limited per address, every check recorded.
*/
const CardCheckController = () => import('#controllers/public/card_check_controller')

router
  .get('/card-check/:token', [CardCheckController, 'show'])
  .as('public.card_check.show')
  .use(middleware.silentAuth())
