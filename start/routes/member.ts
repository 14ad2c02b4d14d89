/*
| Member area: everything behind the member guard.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HomeController = () => import('#controllers/member/home_controller')
const SessionController = () => import('#controllers/member/session_controller')

router
  .group(() => {
    router.get('/mypage', [HomeController, 'show']).as('member.home')
    router.post('/logout', [SessionController, 'destroy']).as('member.logout')
  })
  .use(middleware.memberArea())

/*
| Credentials (issue 3): password re-entry, password and e-mail change, account security.
*/
const PasswordConfirmationController = () =>
  import('#controllers/member/password_confirmation_controller')
const CredentialsController = () => import('#controllers/member/credentials_controller')
const SecurityController = () => import('#controllers/member/security_controller')

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
      .post('/mypage/security/sign-out-others', [SecurityController, 'signOutOthers'])
      .as('member.security.sign_out_others')
  })
  .use(middleware.memberArea())

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
