import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberHomeProps } from '#presenters/member_home'

test.group('Member home: shortcuts and the latest statement link', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the latest statement links to its month and every section has a shortcut', async ({
    client,
    assert,
  }) => {
    const { member, account } = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z'),
    })
    await createPublishedStatement({ member, billingMonth: '2026-10' })

    const inertia = await asMember(client.get('/mypage'), account).withInertia()
    const props = inertiaProps<MemberHomeProps>(inertia)
    assert.equal(props.latestStatement!.href, '/mypage/statements/2026-10')

    const page = await asMember(client.get('/mypage'), account)
    const html = page.text()
    assert.include(html, 'href="/mypage/statements/2026-10"')
    for (const href of ['/mypage/statements', '/mypage/contributions', '/mypage/card']) {
      assert.include(html, `href="${href}"`)
    }
    assert.include(html, 'デジタル組合員証')
  })
})
