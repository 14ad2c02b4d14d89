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
| Reading pages (issue 3): 請求明細, 出資状況・出資報告, デジタル組合員証.
*/
const StatementsController = () => import('#controllers/member/statements_controller')
const ContributionsController = () => import('#controllers/member/contributions_controller')
const MembershipCardController = () => import('#controllers/member/membership_card_controller')

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
