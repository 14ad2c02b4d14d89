import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberHomeProps } from '#presenters/member/home'
import { route } from '#tests/helpers/routes'

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

    const inertia = await asMember(client.get(route('member.home')), account).withInertia()
    const props = inertiaProps<MemberHomeProps>(inertia)
    assert.equal(props.latestStatement!.href, route('member.statements.show', { month: '2026-10' }))

    const page = await asMember(client.get(route('member.home')), account)
    const html = page.text()
    assert.include(html, `href="${route('member.statements.show', { month: '2026-10' })}"`)
    for (const href of [
      route('member.statements.index'),
      route('member.contributions.index'),
      route('member.card.show'),
    ]) {
      assert.include(html, `href="${href}"`)
    }
    assert.include(html, 'デジタル組合員証')
  })
})
