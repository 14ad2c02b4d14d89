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
