/*
| Public area: log-in, explanations, health check. Registration and password
| reset join here (see issue "Member portal").
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const LoginController = () => import('#controllers/public/login_controller')
const PagesController = () => import('#controllers/public/pages_controller')
const HealthController = () => import('#controllers/public/health_controller')

router.get('/health', [HealthController, 'show']).as('public.health')

router.get('/', ({ response }) => response.redirect().toRoute('member.home')).as('public.root')

router
  .group(() => {
    router.get('/login', [LoginController, 'show']).as('public.login.show')
    router.post('/login', [LoginController, 'store']).as('public.login.store')
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
