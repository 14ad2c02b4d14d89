import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import {
  fieldsWithForbiddenCharacters,
  hasForbiddenCharacter,
  markForbiddenCharacters,
  MULTILINE_FIELDS,
} from '#domain/common/text_input'

async function vueFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.vue'))
    .map((entry) => join(entry.parentPath, entry.name))
}

test.group('Text input: what a field may contain', () => {
  test('ordinary Japanese text, symbols and emoji pass', ({ assert }) => {
    for (const value of [
      '山田 花子',
      'ﾔﾏﾀﾞ ﾊﾅｺ',
      '髙橋 﨑',
      '①㈱',
      '〒910-0001',
      '😀 𠮷野家',
      '',
    ]) {
      assert.isFalse(hasForbiddenCharacter(value, false), value)
    }
  })

  // Named by code point: the raw characters would put control bytes into the test log.
  test('refuses {name} everywhere')
    .with([
      { name: 'U+0000', value: '\u0000' },
      { name: 'U+0001', value: '\u0001' },
      { name: 'U+001B', value: '\u001b' },
      { name: 'U+001F', value: '\u001f' },
      { name: 'U+007F', value: '\u007f' },
      { name: 'U+0080', value: '\u0080' },
      { name: 'U+0085', value: '\u0085' },
      { name: 'U+009F', value: '\u009f' },
      { name: 'lone U+D800', value: '\ud800' },
      { name: 'lone U+DFFF', value: '\udfff' },
      { name: 'U+DC00 between letters', value: 'a\udc00b' },
    ])
    .run(({ assert }, { value }) => {
      assert.isTrue(hasForbiddenCharacter(`前${value}後`, false))
      assert.isTrue(hasForbiddenCharacter(`前${value}後`, true))
    })

  test('tab, CR and LF only in multi-line fields', ({ assert }) => {
    for (const value of ['一行目\n二行目', '一行目\r\n二行目', '項目\t値']) {
      assert.isTrue(hasForbiddenCharacter(value, false), JSON.stringify(value))
      assert.isFalse(hasForbiddenCharacter(value, true), JSON.stringify(value))
    }
  })

  test('the typed value comes back with each refused character shown as �', ({ assert }) => {
    assert.equal(markForbiddenCharacters('山田\u0000花子\ud800', false), '山田\ufffd花子\ufffd')
    assert.equal(
      markForbiddenCharacters('一行目\r\n\t\u0007二行目', true),
      '一行目\r\n\t\ufffd二行目'
    )
    assert.equal(markForbiddenCharacters('一行目\n', false), '一行目\ufffd')
  })

  test('reports the top-level field, also for arrays, nested objects and keys', ({ assert }) => {
    assert.deepEqual(
      fieldsWithForbiddenCharacters({
        name: '山田',
        body: '一行目\n二行目',
        reason: 'ok\t',
        email: ['a@example.jp', 'b\u0000@example.jp'],
        filter: { inner: { deep: 'x\u009b' } },
        keys: { 'k\u0000': 'v' },
        count: 3,
        empty: null,
      }),
      ['email', 'filter', 'keys']
    )
    assert.deepEqual(fieldsWithForbiddenCharacters({ name: '一行目\n二行目' }), ['name'])
  })

  test('every textarea of the pages is a multi-line field', async ({ assert }) => {
    const files = await vueFiles(app.makePath('inertia'))
    const textareas: string[] = []
    for (const file of files) {
      const source = await readFile(file, 'utf8')
      // <FormField ... as="textarea" ...> (attributes in any order, over several lines) or <textarea name=...>
      for (const tag of source.match(/<(FormField|textarea)\b[^>]*>/g) ?? []) {
        if (!tag.startsWith('<textarea') && !/\bas="textarea"/.test(tag)) continue
        const name = tag.match(/(?<![:\w-])name="([^"]+)"/)?.[1]
        if (name) textareas.push(name)
      }
    }
    assert.isAbove(textareas.length, 5, 'the scan finds the known textareas')
    for (const name of textareas) assert.isTrue(MULTILINE_FIELDS.has(name), name)
  })
})
