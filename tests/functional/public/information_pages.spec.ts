import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createRegisteredMember } from '#database/factories/member_factory'
import { asMember } from '#tests/helpers/sessions'
import { pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type { JoiningProps } from '#presenters/public/pages'
import { route } from '#tests/helpers/routes'

test.group('Public information pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('{url} is public, server-rendered and linked from the footer')
    .with([
      {
        url: route('public.environment'),
        component: 'public/environment',
        text: 'Microsoft Edge Ver.101以上',
      },
      { url: route('public.privacy'), component: 'public/privacy', text: '第三者への提供' },
      { url: route('public.joining'), component: 'public/joining', text: '0120-291-660' },
    ])
    .run(async ({ client, assert }, { url, component, text }) => {
      const inertia = await client.get(url).withInertia()
      inertia.assertStatus(200)
      inertia.assertInertiaComponent(component)

      const page = await client.get(url)
      const html = page.text()
      assert.include(html, text)
      assert.include(html, `href="${route('public.environment')}"`)
      assert.include(html, `href="${route('public.privacy')}"`)
      assert.include(html, `href="${route('public.joining')}"`)
    })

  test('a logged-in member sees them too, with the way back to the portal', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const response = await asMember(client.get(route('public.privacy')), account)
    response.assertStatus(200)
    assert.include(response.text(), 'マイページへ')
  })

  test('the joining page shows the phone, the FAX and the two form links', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.joining')).withInertia()
    const props = inertiaProps<JoiningProps>(response)
    assert.equal(props.phone, '0776-23-1889')
    assert.equal(props.fax, '0120-291-660')
    assert.deepEqual(
      props.forms.map((f) => f.href),
      [
        route('public.joining.form', { file: 'application.pdf' }),
        route('public.joining.form', { file: 'withdrawal.pdf' }),
      ]
    )
  })

  test('{file} is a printable form with fields to fill by hand')
    .with([
      {
        file: 'application.pdf',
        texts: ['加入申込書', '氏名', 'フリガナ', '生年月日', '出資口数', 'ご署名', '0120-291-660'],
      },
      {
        file: 'withdrawal.pdf',
        texts: ['脱退届', '組合員番号', '脱退の理由', '出資金の返還先', '3月31日', '0776-23-1889'],
      },
    ])
    .run(async ({ client, assert }, { file, texts }) => {
      const response = await client.get(route('public.joining.form', { file }))
      response.assertStatus(200)
      assert.equal(response.header('content-type'), 'application/pdf')
      assert.include(response.header('content-disposition'), 'attachment')
      const text = await pdfText(response.body() as Buffer)
      for (const expected of texts) assert.include(text, expected)
      assert.include(text, '福井県学校生活協同組合')
    })

  test('an unknown form is a 404', async ({ client }) => {
    for (const file of ['other.pdf', 'application', 'application.pdf.exe']) {
      const response = await client.get(route('public.joining.form', { file }))
      response.assertStatus(404)
    }
  })
})
