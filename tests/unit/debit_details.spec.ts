import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  DEBIT_ACCOUNT_DIGITS,
  debitNotice,
  maskedDebitAccount,
  parseDebitAccountLast4,
  parseDebitAccountType,
} from '#domain/statements/debit_details'

const ACCOUNT = {
  debitBankName: 'ふくい銀行',
  debitBranchName: '大手支店',
  debitAccountType: '普通',
  debitAccountLast4: '1234',
}
const NO_ACCOUNT = {
  debitBankName: null,
  debitBranchName: null,
  debitAccountType: null,
  debitAccountLast4: null,
}

test.group('Debit details', () => {
  test('only the last 4 digits are kept', ({ assert }) => {
    assert.equal(DEBIT_ACCOUNT_DIGITS, 4)
    assert.equal(parseDebitAccountLast4('1234'), '1234')
    assert.equal(parseDebitAccountLast4('０１２３'), '0123')
    assert.equal(parseDebitAccountLast4('****1234'), '1234')
    assert.equal(parseDebitAccountLast4('＊＊＊1234'), '1234')
    assert.equal(parseDebitAccountLast4('12345'), 'too_long')
    assert.equal(parseDebitAccountLast4('1234567'), 'too_long')
    assert.equal(parseDebitAccountLast4('123'), 'invalid')
    assert.equal(parseDebitAccountLast4('12a4'), 'invalid')
    assert.equal(maskedDebitAccount('1234'), '****1234')
  })

  test('account type {raw} -> {type}')
    .with([
      { raw: '普通', type: '普通' },
      { raw: '普通預金', type: '普通' },
      { raw: '1', type: '普通' },
      { raw: '１', type: '普通' },
      { raw: '当座', type: '当座' },
      { raw: '2', type: '当座' },
      { raw: '貯蓄', type: '貯蓄' },
      { raw: '4', type: '貯蓄' },
      { raw: '3', type: null },
      { raw: '外貨', type: null },
    ])
    .run(({ assert }, { raw, type }) => {
      assert.equal(parseDebitAccountType(raw), type)
    })

  test('the sentence members read', ({ assert }) => {
    const date = DateTime.fromISO('2026-11-27')
    assert.equal(
      debitNotice({ debitDate: date, ...ACCOUNT }),
      '2026年11月27日に ふくい銀行 大手支店 普通 ****1234 から引き落とします'
    )
    assert.equal(
      debitNotice({ debitDate: date, ...NO_ACCOUNT }),
      '2026年11月27日にご登録の口座から引き落とします'
    )
    assert.equal(
      debitNotice({ debitDate: null, ...ACCOUNT }),
      'ふくい銀行 大手支店 普通 ****1234 から引き落とします'
    )
    assert.isNull(debitNotice({ debitDate: null, ...NO_ACCOUNT }))
  })
})
