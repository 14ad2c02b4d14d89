/*
| Development-only tools. Not registered in production.
*/
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'

const MailboxController = () => import('#controllers/development/mailbox_controller')

if (!app.inProduction) {
  router
    .group(() => {
      router.get('/mailbox', [MailboxController, 'index']).as('development.mailbox.index')
      router.get('/mailbox/:id', [MailboxController, 'show']).as('development.mailbox.show')
    })
    .prefix('/dev')
}
